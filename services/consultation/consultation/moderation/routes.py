"""Reporting topics and the Committee's review, with the audited history of a topic."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from consultation.deps import CommitteeMember
from consultation.moderation import service
from consultation.topics.schemas import ModerationDecision, ReportCreate, TopicRead
from consultation.topics.service import get_topic, read_topic
from kit import audit
from kit.auth import CurrentPrincipal
from kit.db import SessionDep
from kit.errors import error_responses

router = APIRouter(tags=["moderation"])
TopicId = Annotated[str, Path(max_length=32)]


@router.post(
    "/topics/{topic_id}/reports",
    status_code=201,
    response_model=TopicRead,
    responses=error_responses(401, 404, 409, 422),
)
async def report_topic(
    session: SessionDep,
    request: Request,
    actor: CurrentPrincipal,
    topic_id: TopicId,
    data: ReportCreate,
) -> TopicRead:
    """Report a topic that breaks the rules (once per person: 409 `report_already_made`).
    After enough reports it is hidden until the Committee reviews it."""
    threshold = request.app.state.settings.reports_to_hide
    topic = await service.report_topic(session, actor, topic_id, data.reason, threshold)
    return await read_topic(session, topic)


@router.post(
    "/topics/{topic_id}/moderation",
    response_model=TopicRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def moderate_topic(
    session: SessionDep, actor: CommitteeMember, topic_id: TopicId, data: ModerationDecision
) -> TopicRead:
    """The Committee hides a topic or restores a hidden one, always with a reason."""
    topic = await service.moderate_topic(session, actor, topic_id, data.action, data.reason)
    return await read_topic(session, topic)


@router.get(
    "/topics/{topic_id}/history",
    response_model=list[dict[str, Any]],
    responses=error_responses(401, 403, 404, 422),
)
async def topic_history(
    session: SessionDep, actor: CommitteeMember, topic_id: TopicId
) -> list[dict[str, Any]]:
    """Every recorded change of a topic (created, edited, withdrawn, hidden, restored,
    merged), oldest first, with who did it and why."""
    topic = await get_topic(session, topic_id)
    entries = await audit.history(session, "topic", topic.id)
    return [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in e.items() if k != "id"}
        for e in entries
    ]
