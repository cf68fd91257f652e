"""Themes of the systematization (Committee), public once published."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from consultation.deps import CommitteeMember, ValidProcess
from consultation.systematization import service
from consultation.systematization.schemas import (
    ThemeCreate,
    ThemeList,
    ThemeRead,
    ThemeTopics,
    TopicMerge,
)
from consultation.topics.schemas import TopicRead
from consultation.topics.service import read_topic
from kit.auth import OptionalPrincipal
from kit.db import SessionDep
from kit.errors import error_responses
from reference.roles import COMMITTEE

router = APIRouter(tags=["systematization"])
ThemeId = Annotated[str, Path(max_length=32)]
TopicId = Annotated[str, Path(max_length=32)]
COMMITTEE_ERRORS = error_responses(401, 403, 404, 409, 422)


def _sees_drafts(viewer) -> bool:
    return viewer is not None and viewer.role in COMMITTEE


@router.post(
    "/processes/{process_id}/themes",
    status_code=201,
    response_model=ThemeRead,
    responses=COMMITTEE_ERRORS,
)
async def create_theme(
    session: SessionDep, actor: CommitteeMember, process: ValidProcess, data: ThemeCreate
) -> ThemeRead:
    """Open a theme (a draft until published) to group the topics of a process."""
    theme = await service.create_theme(session, actor, process.id, data)
    return await service.read_theme(session, theme)


@router.get(
    "/processes/{process_id}/themes", response_model=ThemeList, responses=error_responses(404, 422)
)
async def list_themes(
    session: SessionDep, viewer: OptionalPrincipal, process: ValidProcess
) -> ThemeList:
    """The published themes of a process with their topics (the Committee sees drafts)."""
    themes = await service.list_themes(session, process.id, drafts=_sees_drafts(viewer))
    return ThemeList(items=[await service.read_theme(session, t) for t in themes])


@router.get("/themes/{theme_id}", response_model=ThemeRead, responses=error_responses(404, 422))
async def get_theme(session: SessionDep, viewer: OptionalPrincipal, theme_id: ThemeId) -> ThemeRead:
    """One theme with its topics and, once roadmaps reports it, its commitment id."""
    theme = await service.get_theme(session, theme_id, drafts=_sees_drafts(viewer))
    return await service.read_theme(session, theme)


@router.post("/themes/{theme_id}/topics", response_model=ThemeRead, responses=COMMITTEE_ERRORS)
async def add_topics(
    session: SessionDep, actor: CommitteeMember, theme_id: ThemeId, data: ThemeTopics
) -> ThemeRead:
    """Group topics in a theme; a topic already in another theme: 409 `topic_already_in_theme`."""
    theme = await service.add_topics(session, actor, theme_id, data.topic_ids)
    return await service.read_theme(session, theme)


@router.delete("/themes/{theme_id}/topics/{topic_id}", status_code=204, responses=COMMITTEE_ERRORS)
async def remove_topic(
    session: SessionDep, actor: CommitteeMember, theme_id: ThemeId, topic_id: TopicId
) -> Response:
    """Take a topic out of a theme."""
    await service.remove_topic(session, actor, theme_id, topic_id)
    return Response(status_code=204)


@router.post("/themes/{theme_id}/publish", response_model=ThemeRead, responses=COMMITTEE_ERRORS)
async def publish_theme(
    session: SessionDep, actor: CommitteeMember, theme_id: ThemeId
) -> ThemeRead:
    """Publish a theme; the authors and followers of its topics are notified."""
    theme = await service.publish_theme(session, actor, theme_id)
    return await service.read_theme(session, theme)


@router.post("/themes/{theme_id}/promote", response_model=ThemeRead, responses=COMMITTEE_ERRORS)
async def promote_theme(
    session: SessionDep, actor: CommitteeMember, theme_id: ThemeId
) -> ThemeRead:
    """Promote a published theme to a commitment proposal (emits
    `consultation.theme.promoted.v1` to roadmaps)."""
    theme = await service.promote_theme(session, actor, theme_id)
    return await service.read_theme(session, theme)


@router.post("/topics/{topic_id}/merge", response_model=TopicRead, responses=COMMITTEE_ERRORS)
async def merge_topic(
    session: SessionDep, actor: CommitteeMember, topic_id: TopicId, data: TopicMerge
) -> TopicRead:
    """Merge a duplicate topic into another: it points to the survivor, and a person who
    voted for both is counted once."""
    topic = await service.merge_topics(session, actor, topic_id, data.into_topic_id, data.reason)
    return await read_topic(session, topic)
