"""Reporting topics and the Committee's review, with the audited history of a topic."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from consultation.deps import CommitteeMember, Today, ValidProcess
from consultation.moderation import service
from consultation.topics.schemas import ModerationDecision, ReportCreate, TopicRead, TopicSummary
from consultation.topics.service import get_topic, read_topic
from kit import audit
from kit.auth import CurrentPrincipal
from kit.db import SessionDep
from kit.errors import error_responses

router = APIRouter(tags=["moderation"])
TopicId = Annotated[str, Path(max_length=32)]


class ReportedTopic(TopicSummary):
    reports_count: int


class ReportedList(BaseModel):
    items: list[ReportedTopic]


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
    today: Today,
) -> TopicRead:
    """Report a topic that breaks the rules (once per person: 409 `report_already_made`).
    Only reports from verified accounts count. While votes are being cast a much-reported
    topic goes to the Committee's review queue and stays visible; outside voting, enough
    reports hide it until the Committee reviews it. A topic you cannot see is a 404."""
    settings = request.app.state.settings
    policy = service.ReportPolicy(settings.reports_to_hide, settings.reports_to_flag)
    topic = await service.report_topic(session, actor, topic_id, data.reason, policy, today)
    return await read_topic(session, topic)


@router.get(
    "/processes/{process_id}/reported-topics",
    response_model=ReportedList,
    responses=error_responses(401, 403, 404, 422),
)
async def reported_topics(
    session: SessionDep,
    actor: CommitteeMember,
    process: ValidProcess,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> ReportedList:
    """The Committee's review queue: published or hidden topics with counted reports, most
    reported first (`reports_count`)."""
    topics = await service.review_queue(session, process.id, limit)
    return ReportedList(items=[ReportedTopic(**t.model_dump()) for t in topics])


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
