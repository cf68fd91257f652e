"""Agencies' webhooks: signed deliveries of tracking events through the outbox relay.

Each webhook's secret signs its deliveries (``kit.signing``, header ``X-Cocrea-Signature``).
The outbox row's destination is the webhook URL plus a ``#cocrea-webhook=<id>`` fragment:
HTTP clients never send fragments, and the relay's secret resolver reads it to pick the key.
"""

import secrets
import uuid
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.payload import Payload
from kit import audit, outbox, signing
from kit.db import Database
from kit.tokens import Principal
from tracking.webhooks import targets
from tracking.webhooks.errors import WebhookNotFound, WebhookTargetRefused, WebhookUrlRefused
from tracking.webhooks.models import Webhook

FRAGMENT = "#cocrea-webhook="


def _cipher(internal_secret: str) -> Fernet:
    return signing.sealing_box("cocrea-webhook-secrets", internal_secret)


def check_url(url: str, *, allow_http: bool) -> str:
    parts = urlsplit(url)
    schemes = {"https", "http"} if allow_http else {"https"}
    if parts.scheme not in schemes or not parts.hostname or parts.fragment or "#" in url:
        raise WebhookUrlRefused()
    return url


async def create_webhook(
    session: AsyncSession,
    actor: Principal,
    *,
    url: str,
    topics: list[str],
    internal_secret: str,
    allow_http: bool,
    allow_private: bool,
) -> tuple[Webhook, str]:
    """The new webhook and its secret, which is shown this once."""
    url = check_url(url, allow_http=allow_http)
    if not allow_private and (refused := await targets.problem(url)):
        raise WebhookTargetRefused(details={"reason": refused})
    secret = "whsec_" + secrets.token_urlsafe(32)
    row = Webhook(
        id=uuid.uuid4().hex,
        owner_sub=actor.sub,
        url=url,
        secret_encrypted=_cipher(internal_secret).encrypt(secret.encode()).decode(),
        topics=sorted(set(topics)),
    )
    session.add(row)
    await session.flush()
    await audit.record(
        session,
        actor,
        "webhook.created",
        "webhook",
        row.id,
        after=row.model_dump(exclude={"secret_encrypted"}),
    )
    return row, secret


async def owned(session: AsyncSession, actor: Principal, webhook_id: str) -> Webhook:
    row = await session.get(Webhook, webhook_id)
    if row is None or not row.active or (row.owner_sub != actor.sub and actor.role != "admin"):
        raise WebhookNotFound()
    return row


async def list_webhooks(session: AsyncSession, actor: Principal) -> list[Webhook]:
    query = select(Webhook).where(Webhook.active.is_(True))
    if actor.role != "admin":
        query = query.where(Webhook.owner_sub == actor.sub)
    return list(await session.exec(query.order_by(Webhook.created_at, Webhook.id)))


async def deactivate(session: AsyncSession, actor: Principal, row: Webhook) -> None:
    row.active = False
    session.add(row)
    await audit.record(session, actor, "webhook.deleted", "webhook", row.id)


async def publish_to_webhooks(session: AsyncSession, topic: str, payload: Payload) -> str | None:
    """Queue one event for every active webhook subscribed to ``topic`` (one of
    ``WEBHOOK_TOPICS``; ``payload`` its model in ``contracts.tracking``)."""
    rows = await session.exec(select(Webhook).where(Webhook.active.is_(True)))
    targets = [f"{w.url}{FRAGMENT}{w.id}" for w in rows if topic in w.topics]
    if not targets:
        return None
    return await outbox.emit(session, topic, payload, extra_destinations=targets)


def secret_resolver(db: Database, internal_secret: str):
    """For ``OutboxRelay.destination_secret``: the webhook's own secret for its deliveries,
    None for service destinations (signed with tracking's event key). A webhook that cannot
    be resolved gets a throw-away key."""
    cipher = _cipher(internal_secret)

    async def resolve(destination: str) -> str | None:
        if FRAGMENT not in destination:
            return None
        webhook_id = destination.rsplit(FRAGMENT, 1)[1]
        async with db.transaction(read_only=True) as session:
            row = await session.get(Webhook, webhook_id)
        if row is None:
            return secrets.token_hex(32)
        try:
            return cipher.decrypt(row.secret_encrypted.encode()).decode()
        except InvalidToken:
            return secrets.token_hex(32)

    return resolve
