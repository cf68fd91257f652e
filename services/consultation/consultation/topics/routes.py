"""Topics: propose, find similar ones while typing, list, read, edit, withdraw."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from consultation.deps import Citizen, Today
from consultation.topics import service
from consultation.topics.reads import TOPIC_LIST, topic_page, topic_read
from consultation.topics.schemas import (
    AreaKey,
    SimilarList,
    SimilarTopic,
    StateCode,
    TopicCreate,
    TopicList,
    TopicRead,
    TopicUpdate,
)
from consultation.topics.search import similar_topics
from kit.auth import CurrentPrincipal, OptionalPrincipal
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT
from kit.tokens import Principal

router = APIRouter(tags=["topics"])
TopicId = Annotated[str, Path(max_length=32)]
ProcessId = Annotated[str, Query(max_length=32)]


def _read(body: bytes, viewer: Principal | None) -> Response:
    """A read's JSON as serialised once by its schema (FastAPI neither validates it again
    nor re-encodes it); one that says what this reader voted is hers alone: no shared cache
    keeps it."""
    response = Response(body, media_type="application/json")
    if viewer is not None:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@router.get("/topics/similar", response_model=SimilarList, responses=error_responses(422))
async def similar(
    session: SessionDep,
    process_id: ProcessId,
    q: Annotated[str, Query(min_length=3, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=10)] = 5,
) -> SimilarList:
    """Existing topics of the process whose titles resemble ``q`` (accents and case do not
    matter), so a citizen can vote for one instead of proposing a duplicate."""
    found = await similar_topics(session, process_id, q, limit)
    return SimilarList(
        items=[
            SimilarTopic(id=t.id, title=t.title, votes_count=t.votes_count, similarity=score)
            for t, score in found
        ]
    )


@router.get("/topics", response_model=TopicList, responses=error_responses(422))
async def list_topics(
    session: SessionDep,
    viewer: OptionalPrincipal,
    process_id: ProcessId,
    area: Annotated[AreaKey | None, Query(max_length=40)] = None,
    state: Annotated[StateCode | None, Query(max_length=2, description="Clave INEGI.")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: Literal["votes", "recent"] = "votes",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    """Published topics of a process, by votes (default) or most recent, filtered by area,
    state (INEGI code) and words of the title or problem. With a citizen's token each topic
    says whether she voted for it (`voted`, one query for the whole page); without one,
    `voted` is null."""
    filters = {"process_id": process_id, "area": area, "state": state, "q": q}
    page = await topic_page(session, filters, viewer, sort=sort, limit=limit, cursor=cursor)
    return _read(TOPIC_LIST.dump_json(page), viewer)


@router.post(
    "/topics",
    status_code=201,
    response_model=TopicRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def create_topic(
    session: SessionDep, actor: Citizen, data: TopicCreate, today: Today
) -> TopicRead:
    """Propose a public problem while the consultation phase is open (409 `phase_closed`
    otherwise). Text is stored as typed; clients escape it when they show it."""
    topic = await service.create_topic(session, actor, data, today)
    return await service.read_topic(session, topic, actor)


@router.get("/topics/{topic_id}", response_model=TopicRead, responses=error_responses(404, 422))
async def get_topic(session: SessionDep, viewer: OptionalPrincipal, topic_id: TopicId) -> Response:
    """One topic with its `votes_count`, its theme once systematised (and the commitment it
    became, once known) and its published reasoned answer. With a citizen's token it also
    says whether she voted for it (`voted`) and, when the process requires a CURP, whether
    her account has one (`curp_registered`); both are null without a token."""
    topic = await topic_read(session, topic_id, viewer)
    return _read(topic.model_dump_json().encode(), viewer)


@router.patch(
    "/topics/{topic_id}",
    response_model=TopicRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def update_topic(
    session: SessionDep, actor: CurrentPrincipal, topic_id: TopicId, data: TopicUpdate
) -> TopicRead:
    """The author edits their topic until it receives its first vote (409 `topic_has_votes`)."""
    topic = await service.update_topic(session, actor, topic_id, data)
    return await service.read_topic(session, topic, actor)


@router.post(
    "/topics/{topic_id}/withdraw",
    response_model=TopicRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def withdraw_topic(
    session: SessionDep, actor: CurrentPrincipal, topic_id: TopicId
) -> TopicRead:
    """The author withdraws their topic: it leaves the lists and keeps its history."""
    topic = await service.withdraw_topic(session, actor, topic_id)
    return await service.read_topic(session, topic, actor)


@router.put(
    "/topics/{topic_id}/followers/mine", status_code=204, responses=error_responses(401, 404, 422)
)
async def follow_topic(session: SessionDep, actor: CurrentPrincipal, topic_id: TopicId) -> Response:
    """Follow a topic: hear about its theme and its answer (in-app and by e-mail)."""
    await service.follow(session, actor, topic_id)
    return Response(status_code=204)


@router.delete(
    "/topics/{topic_id}/followers/mine", status_code=204, responses=error_responses(401, 422)
)
async def unfollow_topic(
    session: SessionDep, actor: CurrentPrincipal, topic_id: TopicId
) -> Response:
    """Stop following a topic."""
    await service.unfollow(session, actor, topic_id)
    return Response(status_code=204)
