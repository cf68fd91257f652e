"""Events the gateway publishes and consumes (topic names and payload models: ``contracts``;
what the gateway publishes is ``contracts.auth``, emitted by ``gateway.accounts.privacy``)."""

from urllib.parse import urljoin

from sqlmodel.ext.asyncio.session import AsyncSession

from contracts import consultation, tracking
from contracts.payload import NotificationRequest
from gateway.mail import messages as mail
from gateway.models import UserAccount
from kit.inbox import Consumer, Event, Handler

# Every service holds something about a person, so every service hears of a deletion.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "consultation": ("auth.",),
    "roadmaps": ("auth.",),
    "tracking": ("auth.",),
}


def absolute_link(website_url: str, link: str) -> str:
    """The services link to site paths (``/tablero/compromisos/…``); an e-mail needs the
    whole address of the website to be clickable. A link already absolute stays."""
    return urljoin(website_url.rstrip("/") + "/", link)


async def _send_notification(
    session: AsyncSession, event: Event, request: NotificationRequest, website_url: str
) -> None:
    """E-mail a notification a service asked for; the gateway alone knows addresses."""
    user = await session.get(UserAccount, request.account_id)
    if user is None or not user.is_active:
        return  # deleted or deactivated since: nothing to send
    body = request.body
    if request.link:
        body = f"{body}\n\n{absolute_link(website_url, request.link)}"
    await mail.queue(
        session,
        mail.MailMessage(
            to=user.email,
            subject=request.subject,
            body=body[:10_000],
            kind=request.kind,
            data={"source": event.source, "event_id": event.id},
        ),
    )


# The services that ask the gateway for e-mails, each with its own contract.
NOTIFICATIONS = {
    consultation.NOTIFICATION_REQUESTED: consultation.NotificationRequested,
    tracking.NOTIFICATION_REQUESTED: tracking.NotificationRequested,
}
NOTIFICATION_TOPICS = tuple(NOTIFICATIONS)


def handlers(website_url: str) -> dict[str, Handler]:
    """The events the gateway consumes; e-mailed links point into ``website_url``."""

    async def send_notification(
        session: AsyncSession, event: Event, request: NotificationRequest
    ) -> None:
        await _send_notification(session, event, request, website_url)

    return {topic: Consumer(model, send_notification) for topic, model in NOTIFICATIONS.items()}
