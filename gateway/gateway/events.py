"""Events the gateway publishes and consumes (docs/EVENTS.md)."""

from urllib.parse import urljoin

from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.mail import messages as mail
from gateway.models import UserAccount
from kit.inbox import Event, Handler

ACCOUNT_DELETED = "auth.account.deleted.v1"

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


async def _send_notification(session: AsyncSession, event: Event, website_url: str) -> None:
    """E-mail a notification a service asked for; the gateway alone knows addresses."""
    payload = event.payload
    user = await session.get(UserAccount, str(payload.get("account_id", "")))
    if user is None or not user.is_active:
        return  # deleted or deactivated since: nothing to send
    body = str(payload.get("body", ""))
    if payload.get("link"):
        body = f"{body}\n\n{absolute_link(website_url, str(payload['link']))}"
    await mail.queue(
        session,
        mail.MailMessage(
            to=user.email,
            subject=str(payload.get("subject", "Cocrea"))[:200],
            body=body[:10_000],
            kind=str(payload.get("kind", "notification"))[:60],
            data={"source": event.source, "event_id": event.id},
        ),
    )


NOTIFICATION_TOPICS = (
    "consultation.notification.requested.v1",
    "tracking.notification.requested.v1",
    "roadmaps.notification.requested.v1",
)


def handlers(website_url: str) -> dict[str, Handler]:
    """The events the gateway consumes; e-mailed links point into ``website_url``."""

    async def send_notification(session: AsyncSession, event: Event) -> None:
        await _send_notification(session, event, website_url)

    return dict.fromkeys(NOTIFICATION_TOPICS, send_notification)
