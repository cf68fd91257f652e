"""Open feedback on the draft plan: items from roadmaps' event, comments while the
open_feedback phase is open, each answered with a reasoned response."""

from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.feedback.models import FeedbackComment, FeedbackItem
from consultation.people.identity import display_name
from consultation.processes import service as processes
from consultation.processes.gate import require_phase
from consultation.responses.models import Response
from consultation.responses.tally import announce
from consultation.topics.schemas import PublicAnswer
from contracts.roadmaps import DraftPlanPublished
from kit import audit
from kit.errors import NotFound
from kit.inbox import Event
from kit.tokens import Principal


class FeedbackItemNotFound(NotFound):
    code = "feedback_item_not_found"
    message = "Ese compromiso no está en el borrador del plan."


class NoProcessForPlan(NotFound):
    code = "process_not_found"
    message = "El plan de ese borrador no tiene un proceso de cocreación."


async def draft_plan_published(
    session: AsyncSession, event: Event, data: DraftPlanPublished
) -> None:
    """``roadmaps.draft_plan.published.v1``: each draft commitment becomes (or refreshes) a
    feedback item."""
    for item in data.commitments:
        values = {
            "plan_code": data.plan_code,
            "number": item.number,
            "title": item.title,
            "problem": item.problem,
            "summary": item.summary,
        }
        query = select(FeedbackItem).where(FeedbackItem.commitment_id == item.commitment_id)
        existing = (await session.execute(query)).scalars().first()
        if existing is None:
            session.add(FeedbackItem(commitment_id=item.commitment_id, **values))
        else:
            for key, value in values.items():
                setattr(existing, key, value)
            session.add(existing)
    await session.flush()


async def list_items(session: AsyncSession, plan_code: str) -> list[FeedbackItem]:
    query = select(FeedbackItem).where(FeedbackItem.plan_code == plan_code)
    return list((await session.execute(query.order_by(FeedbackItem.number))).scalars())


async def get_item(session: AsyncSession, item_id: str) -> FeedbackItem:
    item = await session.get(FeedbackItem, item_id)
    if item is None:
        raise FeedbackItemNotFound()
    return item


async def add_comment(
    session: AsyncSession, actor: Principal, item_id: str, body: str, today: date
) -> FeedbackComment:
    item = await get_item(session, item_id)
    process = await processes.find_process(session, item.plan_code)
    if process is None:
        raise NoProcessForPlan()
    require_phase(process, "open_feedback", today)
    comment = FeedbackComment(
        item_id=item.id,
        process_id=process.id,
        author_id=actor.sub,
        author_name=display_name(actor),
        body=body,
        created_at=datetime.now(UTC),
    )
    session.add(comment)
    await session.execute(
        update(FeedbackItem)
        .where(FeedbackItem.id == item.id)
        .values(comments_count=FeedbackItem.comments_count + 1)
    )
    await session.flush()
    await audit.record(
        session, actor, "comment.created", "comment", comment.id, after={"body": body}
    )
    await announce(session, process.id)
    return comment


async def comments_with_answers(
    session: AsyncSession, item_id: str
) -> list[tuple[FeedbackComment, PublicAnswer | None]]:
    await get_item(session, item_id)
    rows = await session.execute(
        select(FeedbackComment, Response)
        .outerjoin(
            Response,
            (Response.subject_type == "comment")
            & (Response.subject_id == FeedbackComment.id)
            & (Response.status == "published"),
        )
        .where(FeedbackComment.item_id == item_id)
        .order_by(FeedbackComment.created_at, FeedbackComment.id)
    )
    out = []
    for comment, response in rows:
        answer = None
        if response is not None:
            answer = PublicAnswer(
                state=response.state,
                justification=response.justification,
                published_at=response.published_at,
            )
        out.append((comment, answer))
    return out
