"""Reasoned responses (Committee), the answered-share report, and one's notifications."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from consultation.deps import CommitteeMember, ValidProcess
from consultation.responses import service, tally
from consultation.responses.schemas import (
    NotificationList,
    NotificationRead,
    ResponseDraft,
    ResponseRead,
    ResponsesReport,
)
from kit.auth import CurrentPrincipal
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT

router = APIRouter(tags=["responses"])
SubjectId = Annotated[str, Path(max_length=32)]
ERRORS = error_responses(401, 403, 404, 409, 422)


@router.put("/topics/{topic_id}/response", response_model=ResponseRead, responses=ERRORS)
async def draft_topic_response(
    session: SessionDep, actor: CommitteeMember, topic_id: SubjectId, data: ResponseDraft
) -> ResponseRead:
    """Draft (or rewrite) the reasoned answer to a topic: a state and its justification."""
    response = await service.draft_response(session, actor, "topic", topic_id, data)
    return ResponseRead.model_validate(response, from_attributes=True)


@router.post("/topics/{topic_id}/response/publish", response_model=ResponseRead, responses=ERRORS)
async def publish_topic_response(
    session: SessionDep, actor: CommitteeMember, topic_id: SubjectId
) -> ResponseRead:
    """Publish the answer to a topic; its author and followers are notified."""
    response = await service.publish_response(session, actor, "topic", topic_id)
    return ResponseRead.model_validate(response, from_attributes=True)


@router.put(
    "/feedback/comments/{comment_id}/response", response_model=ResponseRead, responses=ERRORS
)
async def draft_comment_response(
    session: SessionDep, actor: CommitteeMember, comment_id: SubjectId, data: ResponseDraft
) -> ResponseRead:
    """Draft (or rewrite) the reasoned answer to a comment on the draft plan."""
    response = await service.draft_response(session, actor, "comment", comment_id, data)
    return ResponseRead.model_validate(response, from_attributes=True)


@router.post(
    "/feedback/comments/{comment_id}/response/publish",
    response_model=ResponseRead,
    responses=ERRORS,
)
async def publish_comment_response(
    session: SessionDep, actor: CommitteeMember, comment_id: SubjectId
) -> ResponseRead:
    """Publish the answer to a draft-plan comment; its author is notified."""
    response = await service.publish_response(session, actor, "comment", comment_id)
    return ResponseRead.model_validate(response, from_attributes=True)


@router.get(
    "/processes/{process_id}/responses/report",
    response_model=ResponsesReport,
    responses=error_responses(404, 422),
)
async def responses_report(session: SessionDep, process: ValidProcess) -> ResponsesReport:
    """How many topics and draft-plan comments have a published reasoned answer."""
    return ResponsesReport(**await tally.report(session, process.id))


@router.get(
    "/me/notifications",
    response_model=NotificationList,
    responses=error_responses(401, 422),
    operation_id="myConsultationNotifications",
)
async def my_notifications(
    session: SessionDep,
    actor: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> NotificationList:
    """One's notifications, newest first."""
    rows, next_cursor = await service.my_notifications(session, actor.sub, limit, cursor)
    items = [NotificationRead.model_validate(r, from_attributes=True) for r in rows]
    return NotificationList(items=items, next_cursor=next_cursor)


@router.post(
    "/me/notifications/{notification_id}/read",
    status_code=204,
    responses=error_responses(401, 404, 422),
)
async def mark_notification_read(
    session: SessionDep, actor: CurrentPrincipal, notification_id: SubjectId
) -> Response:
    """Mark one of one's notifications read."""
    await service.mark_read(session, actor.sub, notification_id)
    return Response(status_code=204)
