"""Reports from the public and the Committee's review of them.

A report is one row per person and topic (the primary key refuses a second one). Only
reports from accounts with a verified e-mail count (``reports_count``); the others are kept
for the Committee but move nothing, so a handful of throwaway accounts cannot act.

What the count does depends on the phase (as Decidim hides "pending moderation" after a
threshold, and CONSUL leaves the decision to moderators):
- while votes are being cast, nothing is hidden automatically: at ``flag_at`` counted
  reports the topic enters the Committee's review queue (audited ``topic.review_requested``)
  and stays visible and votable until the Committee decides;
- outside voting, the report that reaches ``hide_at`` hides the topic pending review, in
  the same UPDATE that counts it, so two simultaneous reports cannot both miss it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.people.identity import person_key
from consultation.processes import service as processes
from consultation.processes.gate import phase_open
from consultation.topics.errors import ReportAlreadyMade, TopicNotFound
from consultation.topics.models import Topic, TopicReport
from consultation.topics.service import get_topic, visible_topic
from kit import audit
from kit.db import insert_ignore
from kit.errors import Conflict
from kit.tokens import Principal


class NothingToModerate(Conflict):
    code = "nothing_to_moderate"
    message = "El tema ya está en ese estado o no puede moderarse."


@dataclass(frozen=True)
class ReportPolicy:
    hide_at: int  # counted reports that hide a topic outside voting
    flag_at: int  # counted reports that send a topic to review during voting


def counts(actor: Principal) -> bool:
    """Only a person with a verified e-mail moves the count (never an API client)."""
    return not actor.is_client and actor.claims.get("email_verified") is True


async def report_topic(
    session: AsyncSession,
    actor: Principal,
    topic_id: str,
    reason: str,
    policy: ReportPolicy,
    today: date,
) -> Topic:
    # A topic the reporter may not see is "not found", exactly like a missing one.
    topic = await visible_topic(session, topic_id, actor)
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
    if not counts(actor):
        return topic
    process = await processes.get_process(session, topic.process_id)
    voting = phase_open(process, "consultation", today)
    values: dict[str, Any] = {"reports_count": Topic.reports_count + 1}
    if not voting:
        hides = (Topic.reports_count + 1 >= policy.hide_at) & (Topic.status == "published")
        values["status"] = case((hides, "hidden"), else_=Topic.status)
    row = (
        await session.execute(
            update(Topic)
            .where(Topic.id == topic.id)
            .values(**values)
            .returning(Topic.status, Topic.reports_count)
            .execution_options(synchronize_session=False)
        )
    ).one()
    if voting and row.reports_count == policy.flag_at and row.status == "published":
        await audit.record(
            session,
            None,
            "topic.review_requested",
            "topic",
            topic.id,
            after={"reports_count": row.reports_count},
            reason=f"{row.reports_count} reportes durante la votación",
        )
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


async def review_queue(session: AsyncSession, process_id: str, limit: int) -> list[Topic]:
    """Topics with counted reports, most reported first: what the Committee reviews."""
    query = (
        select(Topic)
        .where(
            Topic.process_id == process_id,
            Topic.status.in_(("published", "hidden")),
            Topic.reports_count > 0,
        )
        .order_by(Topic.reports_count.desc(), Topic.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())
