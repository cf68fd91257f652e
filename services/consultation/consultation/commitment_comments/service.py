"""Comments on a published commitment's progress: the commitment arrives from roadmaps'
event; a citizen with a verified e-mail comments while the plan is in implementation; the
Committee answers each with a reasoned response (``responses``, subject "progress"), hides
what breaks the rules, and sees what still awaits an answer."""

from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.commitment_comments.models import CommitmentComment, PublishedCommitment
from consultation.people.identity import display_name, email_verified
from consultation.processes import service as processes
from consultation.processes.errors import PhaseClosed
from consultation.processes.models import Process
from consultation.responses.models import Response
from consultation.responses.tally import announce
from consultation.systematization.service import link_commitment
from consultation.topics.schemas import PublicAnswer
from contracts.roadmaps import CommitmentPublished
from kit import audit
from kit.errors import Conflict, Forbidden, NotFound
from kit.inbox import Event
from kit.tokens import Principal

# The answers' subject type in ``response`` (beside "topic" and "comment").
SUBJECT = "progress"
TRACKING_PHASE = "publication_tracking"


class CommitmentNotOpen(NotFound):
    code = "commitment_not_found"
    message = "Ese compromiso no está publicado."


class CommentNotFound(NotFound):
    code = "comment_not_found"
    message = "No existe ese comentario."


class NoProcessForPlan(NotFound):
    code = "process_not_found"
    message = "El plan de ese compromiso no tiene un proceso de cocreación."


class EmailNotVerified(Forbidden):
    code = "email_not_verified"
    message = "Para comentar necesitas verificar tu correo electrónico."


class NothingToModerate(Conflict):
    code = "nothing_to_moderate"
    message = "El comentario ya está en ese estado."


async def commitment_published(
    session: AsyncSession, event: Event, data: CommitmentPublished
) -> None:
    """The commitment opens for comments on its progress; one made from our theme also
    lets the theme's topics show where they went."""
    row = await session.get(PublishedCommitment, data.commitment_id)
    row = row or PublishedCommitment(commitment_id=data.commitment_id)
    row.plan_code, row.number, row.title = data.plan_code, data.number, data.title[:300]
    row.published_at = data.published_at
    session.add(row)
    await session.flush()
    if data.source_theme_id:
        await link_commitment(session, data.source_theme_id, data.commitment_id)


async def get_commitment(session: AsyncSession, commitment_id: str) -> PublishedCommitment:
    row = await session.get(PublishedCommitment, commitment_id)
    if row is None:
        raise CommitmentNotOpen()
    return row


def require_implementation(process: Process, today: date) -> None:
    """A commitment is in implementation from its publication (its event opens it, even
    before the calendar's tracking phase) until the plan's tracking phase ends."""
    phase = next((p for p in process.phases if p.key == TRACKING_PHASE), None)
    if phase is None or phase.ends_on is None or today <= phase.ends_on:
        return
    details = {"phase": TRACKING_PHASE, "today": today.isoformat()}
    raise PhaseClosed(details=details | {"ends_on": phase.ends_on.isoformat()})


async def add_comment(
    session: AsyncSession, actor: Principal, commitment_id: str, body: str, today: date
) -> CommitmentComment:
    if not email_verified(actor):
        raise EmailNotVerified()
    commitment = await get_commitment(session, commitment_id)
    process = await processes.find_process(session, commitment.plan_code)
    if process is None:
        raise NoProcessForPlan()
    require_implementation(process, today)
    comment = CommitmentComment(
        commitment_id=commitment.commitment_id,
        process_id=process.id,
        author_id=actor.sub,
        author_name=display_name(actor),
        body=body,
        created_at=datetime.now(UTC),
    )
    session.add(comment)
    await session.execute(
        update(PublishedCommitment)
        .where(PublishedCommitment.commitment_id == commitment.commitment_id)
        .values(comments_count=PublishedCommitment.comments_count + 1)
    )
    await session.flush()
    after = {"body": body, "commitment_id": commitment_id}
    await audit.record(
        session, actor, "progress_comment.created", "comment", comment.id, after=after
    )
    await announce(session, process.id)
    return comment


def _answer(response: Response | None) -> PublicAnswer | None:
    if response is None or response.status != "published":
        return None
    return PublicAnswer(
        state=response.state,
        justification=response.justification,
        published_at=response.published_at,
    )


def _with_responses():
    return select(CommitmentComment, Response).outerjoin(
        Response,
        (Response.subject_type == SUBJECT) & (Response.subject_id == CommitmentComment.id),
    )


async def public_comments(
    session: AsyncSession, commitment_id: str
) -> list[tuple[CommitmentComment, PublicAnswer | None]]:
    """The visible comments, oldest first, each with its published answer."""
    await get_commitment(session, commitment_id)
    rows = await session.execute(
        _with_responses()
        .where(
            CommitmentComment.commitment_id == commitment_id,
            CommitmentComment.status == "published",
        )
        .order_by(CommitmentComment.created_at, CommitmentComment.id)
    )
    return [(comment, _answer(response)) for comment, response in rows]


async def awaiting_answer(
    session: AsyncSession, plan_code: str | None, limit: int
) -> list[tuple[CommitmentComment, PublishedCommitment, bool]]:
    """Visible comments without a published answer, oldest first (``True``: drafted)."""
    query = (
        _with_responses()
        .add_columns(PublishedCommitment)
        .join(
            PublishedCommitment,
            PublishedCommitment.commitment_id == CommitmentComment.commitment_id,
        )
        .where(
            CommitmentComment.status == "published",
            (Response.id.is_(None)) | (Response.status != "published"),
        )
    )
    if plan_code:
        query = query.where(PublishedCommitment.plan_code == plan_code)
    query = query.order_by(CommitmentComment.created_at, CommitmentComment.id).limit(limit)
    rows = await session.execute(query)
    return [(comment, commitment, response is not None) for comment, response, commitment in rows]


async def get_comment(session: AsyncSession, comment_id: str) -> CommitmentComment:
    comment = await session.get(CommitmentComment, comment_id)
    if comment is None:
        raise CommentNotFound()
    return comment


async def moderate(
    session: AsyncSession, actor: Principal, comment_id: str, action: str, reason: str
) -> CommitmentComment:
    """The Committee hides a comment or shows it again (audited with the reason)."""
    comment = await get_comment(session, comment_id)
    wanted, allowed_from = ("hidden", "published") if action == "hide" else ("published", "hidden")
    if comment.status != allowed_from:
        raise NothingToModerate(details={"status": comment.status, "action": action})
    comment.status = wanted
    session.add(comment)
    await session.flush()
    await audit.record(
        session,
        actor,
        f"progress_comment.{wanted}",
        "comment",
        comment.id,
        before={"status": allowed_from},
        after={"status": wanted},
        reason=reason,
    )
    return comment
