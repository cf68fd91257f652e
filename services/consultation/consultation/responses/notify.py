"""Telling people what happened to their contributions: an in-app notification here, and
an e-mail that the gateway sends (it alone holds addresses) from the event we emit."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.responses.models import Notification
from consultation.topics.models import Topic, TopicFollower
from contracts.consultation import NOTIFICATION_REQUESTED, NotificationRequested
from kit.outbox import emit


async def topic_audience(session: AsyncSession, topic_ids: list[str]) -> set[str]:
    """Authors and followers of the topics (anonymised authors are gone)."""
    authors = await session.execute(
        select(Topic.author_id).where(Topic.id.in_(topic_ids), Topic.author_id.is_not(None))
    )
    followers = await session.execute(
        select(TopicFollower.account_id).where(TopicFollower.topic_id.in_(topic_ids))
    )
    return {a for (a,) in authors} | {f for (f,) in followers}


async def notify(
    session: AsyncSession, accounts: Iterable[str], kind: str, subject: str, body: str, link: str
) -> int:
    sent = 0
    for account_id in sorted(set(accounts)):
        request = NotificationRequested(
            account_id=account_id, kind=kind, subject=subject[:200], body=body[:2000], link=link
        )
        session.add(Notification(**request.model_dump()))
        # The gateway e-mails it to the people concerned.
        await emit(session, NOTIFICATION_REQUESTED, request)
        sent += 1
    return sent
