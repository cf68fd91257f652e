"""The draft plan open for public comment."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from consultation.deps import Citizen, Today
from consultation.feedback import service
from consultation.feedback.schemas import (
    CommentCreate,
    CommentList,
    CommentRead,
    FeedbackItemList,
    FeedbackItemRead,
)
from kit.db import SessionDep
from kit.errors import error_responses

router = APIRouter(tags=["feedback"])
ItemId = Annotated[str, Path(max_length=32)]


@router.get("/feedback/items", response_model=FeedbackItemList, responses=error_responses(422))
async def list_items(
    session: SessionDep, plan_code: Annotated[str, Query(max_length=40)]
) -> FeedbackItemList:
    """The draft plan's commitments open for comment, by number."""
    items = await service.list_items(session, plan_code)
    return FeedbackItemList(
        items=[FeedbackItemRead.model_validate(i, from_attributes=True) for i in items]
    )


@router.get(
    "/feedback/items/{item_id}/comments",
    response_model=CommentList,
    responses=error_responses(404, 422),
)
async def list_comments(session: SessionDep, item_id: ItemId) -> CommentList:
    """The comments on one draft commitment, oldest first, each with its published answer."""
    rows = await service.comments_with_answers(session, item_id)
    return CommentList(
        items=[CommentRead(**comment.model_dump(), answer=answer) for comment, answer in rows]
    )


@router.post(
    "/feedback/items/{item_id}/comments",
    status_code=201,
    response_model=CommentRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def add_comment(
    session: SessionDep, actor: Citizen, item_id: ItemId, data: CommentCreate, today: Today
) -> CommentRead:
    """Comment on a draft commitment while the open_feedback phase is open (409
    `phase_closed` otherwise). Every comment receives a reasoned answer."""
    comment = await service.add_comment(session, actor, item_id, data.body, today)
    return CommentRead(**comment.model_dump())
