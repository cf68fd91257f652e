"""Public comments on a published commitment's progress, and the Committee's answers."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from consultation.commitment_comments import service
from consultation.commitment_comments.schemas import (
    AwaitingComment,
    AwaitingCommentList,
    CommentModeration,
    ProgressCommentCreate,
    ProgressCommentList,
    ProgressCommentRead,
)
from consultation.deps import Citizen, CommitteeMember, Today
from consultation.responses import service as responses
from consultation.responses.schemas import ResponseDraft, ResponseRead
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT

router = APIRouter(tags=["commitment comments"])
CommitmentId = Annotated[str, Path(max_length=64)]
CommentId = Annotated[str, Path(max_length=32)]
ERRORS = error_responses(401, 403, 404, 409, 422)


def _read(comment, answer=None) -> ProgressCommentRead:
    fields = comment.model_dump(exclude={"author_id", "process_id"})
    return ProgressCommentRead(**fields, answer=answer)


@router.get(
    "/commitments/{commitment_id}/comments",
    response_model=ProgressCommentList,
    responses=error_responses(404, 422),
)
async def list_progress_comments(
    session: SessionDep, commitment_id: CommitmentId
) -> ProgressCommentList:
    """The public comments on a published commitment's progress, oldest first, each with
    the Committee's published reasoned answer (hidden comments are left out)."""
    rows = await service.public_comments(session, commitment_id)
    return ProgressCommentList(items=[_read(comment, answer) for comment, answer in rows])


@router.post(
    "/commitments/{commitment_id}/comments",
    status_code=201,
    response_model=ProgressCommentRead,
    responses=ERRORS,
)
async def add_progress_comment(
    session: SessionDep,
    actor: Citizen,
    commitment_id: CommitmentId,
    data: ProgressCommentCreate,
    today: Today,
) -> ProgressCommentRead:
    """Comment on a published commitment's progress (a verified e-mail is needed, else
    403 `email_not_verified`; after the plan's tracking phase, 409 `phase_closed`). The
    Committee answers every comment publicly."""
    comment = await service.add_comment(session, actor, commitment_id, data.body, today)
    return _read(comment)


@router.get("/commitment-comments", response_model=AwaitingCommentList, responses=ERRORS)
async def list_progress_comments_awaiting_answer(
    session: SessionDep,
    actor: CommitteeMember,
    plan_code: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> AwaitingCommentList:
    """The Committee's list: visible progress comments without a published answer, oldest
    first (``drafted``: an answer is drafted but not yet published)."""
    rows = await service.awaiting_answer(session, plan_code, limit)
    items = [
        AwaitingComment(
            **_read(comment).model_dump(),
            plan_code=commitment.plan_code,
            commitment_number=commitment.number,
            commitment_title=commitment.title,
            drafted=drafted,
        )
        for comment, commitment, drafted in rows
    ]
    return AwaitingCommentList(items=items)


@router.put(
    "/commitment-comments/{comment_id}/response", response_model=ResponseRead, responses=ERRORS
)
async def draft_progress_comment_response(
    session: SessionDep, actor: CommitteeMember, comment_id: CommentId, data: ResponseDraft
) -> ResponseRead:
    """Draft (or rewrite) the reasoned answer to a progress comment: state and justification."""
    response = await responses.draft_response(session, actor, service.SUBJECT, comment_id, data)
    return ResponseRead.model_validate(response, from_attributes=True)


@router.post(
    "/commitment-comments/{comment_id}/response/publish",
    response_model=ResponseRead,
    responses=ERRORS,
)
async def publish_progress_comment_response(
    session: SessionDep, actor: CommitteeMember, comment_id: CommentId
) -> ResponseRead:
    """Publish the answer beside the comment; its author is notified (in Cocrea and by mail)."""
    response = await responses.publish_response(session, actor, service.SUBJECT, comment_id)
    return ResponseRead.model_validate(response, from_attributes=True)


@router.post(
    "/commitment-comments/{comment_id}/moderation",
    response_model=ProgressCommentRead,
    responses=ERRORS,
)
async def moderate_progress_comment(
    session: SessionDep, actor: CommitteeMember, comment_id: CommentId, data: CommentModeration
) -> ProgressCommentRead:
    """The Committee hides a comment that breaks the rules, or shows it again (audited)."""
    comment = await service.moderate(session, actor, comment_id, data.action, data.reason)
    return _read(comment)
