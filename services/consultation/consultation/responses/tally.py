"""The share of contributions with a published, reasoned answer, and the event that tells
tracking (its compliance view reads this figure, never one typed in by hand)."""

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.feedback.models import FeedbackComment
from consultation.processes.models import Process
from consultation.responses.models import Response
from consultation.responses.schemas import AnsweredShare
from consultation.topics.models import Topic
from contracts.consultation import RESPONSES_TALLIED, ResponsesTallied, Share
from kit.outbox import emit


async def _share(session: AsyncSession, kind: str, total: int, process_id: str) -> AnsweredShare:
    rows = await session.execute(
        select(Response.status, Response.state, func.count())
        .where(Response.process_id == process_id, Response.subject_type == kind)
        .group_by(Response.status, Response.state)
    )
    answered, drafted, by_state = 0, 0, {}
    for status, state, count in rows:
        if status == "published":
            answered += count
            by_state[state] = by_state.get(state, 0) + count
        else:
            drafted += count
    share = round(answered / total, 4) if total else None
    return AnsweredShare(
        total=total, answered=answered, drafted=drafted, share=share, by_state=by_state
    )


async def report(session: AsyncSession, process_id: str) -> dict:
    """The share of contributions with a published answer (withdrawn topics excluded)."""
    topics = await session.execute(
        select(func.count()).where(Topic.process_id == process_id, Topic.status != "withdrawn")
    )
    comments = await session.execute(
        select(func.count()).where(FeedbackComment.process_id == process_id)
    )
    return {
        "process_id": process_id,
        "topics": await _share(session, "topic", topics.scalar_one(), process_id),
        "comments": await _share(session, "comment", comments.scalar_one(), process_id),
    }


async def announce(session: AsyncSession, process_id: str) -> None:
    """``consultation.responses.tallied.v1`` in this transaction, after any change to the
    contributions of a process or to their answers."""
    process = await session.get(Process, process_id)
    if process is None:
        return
    figures = await report(session, process_id)
    topics, comments = figures["topics"], figures["comments"]
    await emit(
        session,
        RESPONSES_TALLIED,
        ResponsesTallied(
            process_id=process_id,
            plan_code=process.plan_code,
            computed_at=datetime.now(UTC),
            contributions=topics.total + comments.total,
            answered=topics.answered + comments.answered,
            topics=Share(total=topics.total, answered=topics.answered),
            comments=Share(total=comments.total, answered=comments.answered),
        ),
    )
