"""Reports from the public and the Committee's review of them.

A report is one row per person and topic (the primary key refuses a second one). The
report that reaches the threshold hides the topic in the same UPDATE that counts it, so
two simultaneous reports cannot both miss the threshold.
"""

from datetime import UTC, datetime

from sqlalchemy import case, update
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.identity import person_key
from consultation.topics.errors import ReportAlreadyMade, TopicNotFound
from consultation.topics.models import Topic, TopicReport
from consultation.topics.service import get_topic
from kit import audit
from kit.db import insert_ignore
from kit.errors import Conflict
from kit.tokens import Principal


class NothingToModerate(Conflict):
    code = "nothing_to_moderate"
    message = "El tema ya está en ese estado o no puede moderarse."


async def report_topic(
    session: AsyncSession, actor: Principal, topic_id: str, reason: str, threshold: int
) -> Topic:
    topic = await get_topic(session, topic_id)
    if topic.status not in ("published", "hidden"):
        raise TopicNotFound()
    fresh = await insert_ignore(
        session,
        TopicReport.__table__,
        {
            "topic_id": topic.id,
            "reporter_key": person_key(actor),
            "reporter_id": actor.sub,
            "reason": reason,
            "created_at": datetime.now(UTC),
        },
        ["topic_id", "reporter_key"],
    )
    if not fresh:
        raise ReportAlreadyMade()
    hides = (Topic.reports_count + 1 >= threshold) & (Topic.status == "published")
    row = (
        await session.execute(
            update(Topic)
            .where(Topic.id == topic.id)
            .values(
                reports_count=Topic.reports_count + 1,
                status=case((hides, "hidden"), else_=Topic.status),
            )
            .returning(Topic.status, Topic.reports_count)
            .execution_options(synchronize_session=False)
        )
    ).one()
    if row.status == "hidden" and topic.status == "published":
        await audit.record(
            session,
            None,
            "topic.hidden_by_reports",
            "topic",
            topic.id,
            before={"status": "published"},
            after={"status": "hidden", "reports_count": row.reports_count},
            reason=f"{row.reports_count} reportes",
        )
    await session.refresh(topic)
    return topic


async def moderate_topic(
    session: AsyncSession, actor: Principal, topic_id: str, action: str, reason: str
) -> Topic:
    """The Committee hides a topic or restores it (the report count starts again)."""
    topic = await get_topic(session, topic_id)
    wanted, allowed_from = ("hidden", "published") if action == "hide" else ("published", "hidden")
    if topic.status != allowed_from:
        raise NothingToModerate(details={"status": topic.status, "action": action})
    before = {"status": topic.status, "reports_count": topic.reports_count}
    topic.status = wanted
    if action == "restore":
        topic.reports_count = 0
    topic.updated_at = datetime.now(UTC)
    session.add(topic)
    await session.flush()
    after = {"status": topic.status, "reports_count": topic.reports_count}
    await audit.record(
        session,
        actor,
        f"topic.{wanted}",
        "topic",
        topic.id,
        before=before,
        after=after,
        reason=reason,
    )
    return topic
