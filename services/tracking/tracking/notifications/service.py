"""Following commitments; in-app notifications and e-mail requests to the gateway."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import delete
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.tracking import NOTIFICATION_REQUESTED, NotificationRequested
from kit import audit, outbox
from kit.db import insert_ignore
from kit.tokens import Principal
from tracking.commitments.models import TrackedCommitment
from tracking.notifications.models import Follow, Notification

UPDATE_KIND = "commitment_update_published"


def commitment_page(commitment_id: str) -> str:
    """The website's page of a commitment (a fixed site path, never an API path)."""
    return f"/tablero/compromisos/{commitment_id}"


async def follow(session: AsyncSession, actor: Principal, commitment_id: str) -> bool:
    """True when this person was not following yet (a repeat changes nothing)."""
    created = await insert_ignore(
        session,
        Follow.__table__,
        {"commitment_id": commitment_id, "account_id": actor.sub, "created_at": datetime.now(UTC)},
        ["commitment_id", "account_id"],
    )
    if created:
        await audit.record(session, actor, "commitment.followed", "follow", commitment_id)
    return created


async def unfollow(session: AsyncSession, actor: Principal, commitment_id: str) -> None:
    result = await session.execute(
        delete(Follow).where(Follow.commitment_id == commitment_id, Follow.account_id == actor.sub)
    )
    if result.rowcount:
        await audit.record(session, actor, "commitment.unfollowed", "follow", commitment_id)


async def is_following(session: AsyncSession, account_id: str, commitment_id: str) -> bool:
    return await session.get(Follow, (commitment_id, account_id)) is not None


async def notify_followers(
    session: AsyncSession, commitment: TrackedCommitment, activity_title: str
) -> int:
    """One in-app notification per follower, and one e-mail request each for the gateway
    (which holds the addresses), written to the outbox in this same transaction. The link
    is the commitment's page on the website; the subject names the plan (a person may
    follow commitments of several plans)."""
    followers = await session.exec(
        select(Follow.account_id).where(Follow.commitment_id == commitment.commitment_id)
    )
    link = commitment_page(commitment.commitment_id)
    subject = f"Nuevo avance validado: {commitment.plan_code}, compromiso {commitment.number}"
    body = (
        f"El compromiso «{commitment.title}» tiene un avance validado por la sociedad civil y el "
        f"Comité Coordinador en la actividad «{activity_title}»."
    )
    count = 0
    for account_id in followers:
        session.add(
            Notification(
                id=uuid.uuid4().hex,
                account_id=account_id,
                kind=UPDATE_KIND,
                subject=subject,
                body=body,
                link=link,
            )
        )
        await outbox.emit(
            session,
            NOTIFICATION_REQUESTED,
            NotificationRequested(
                account_id=account_id, kind=UPDATE_KIND, subject=subject, body=body, link=link
            ),
        )
        count += 1
    return count


async def notifications_of(
    session: AsyncSession, account_id: str, *, unread_only: bool, limit: int
) -> list[Notification]:
    query = select(Notification).where(Notification.account_id == account_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc())
    return list(await session.exec(query.limit(limit)))


async def mark_read(session: AsyncSession, account_id: str, notification_id: str) -> bool:
    row = await session.get(Notification, notification_id)
    if row is None or row.account_id != account_id:
        return False
    if row.read_at is None:
        row.read_at = datetime.now(UTC)
        session.add(row)
    return True
