"""Topics: proposing, reading, listing, editing until the first vote, withdrawing."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.people.identity import display_name, person_key
from consultation.processes import service as processes
from consultation.processes.gate import require_phase
from consultation.responses.models import Response
from consultation.responses.tally import announce
from consultation.statistics import participation
from consultation.systematization.models import Theme, ThemeTopic
from consultation.topics.errors import (
    InvalidSdgTag,
    NotTopicAuthor,
    TopicHasVotes,
    TopicNotEditable,
    TopicNotFound,
    UnknownArea,
    UnknownState,
)
from consultation.topics.models import Topic, TopicFollower
from consultation.topics.schemas import (
    PublicAnswer,
    ThemeRef,
    TopicCreate,
    TopicFields,
    TopicRead,
    TopicSummary,
    TopicUpdate,
)
from consultation.topics.search import index_topic, search_terms
from consultation.topics.vocabulary import valid_sdg_tag
from consultation.votes.viewer import topic_viewer, voted_topics, voter_key_of
from kit import audit
from kit.db import insert_ignore
from kit.errors import AppError
from kit.pagination import Keyset
from kit.tokens import Principal
from reference.areas import AREAS
from reference.roles import COMMITTEE
from reference.states import STATES

PUBLIC_FIELDS = ("title", "problem", "affected", "solution", "area", "sdg_tags", "state_code")


def vocabulary_errors(area: str | None, state: str | None, sdg: list[str] | None) -> list[AppError]:
    """Every closed-vocabulary problem of a topic, each an error with its field."""
    found: list[AppError] = []
    if area is not None and area not in AREAS:
        found.append(UnknownArea(details={"field": "area", "value": area, "allowed": list(AREAS)}))
    if state is not None and state not in STATES:
        found.append(UnknownState(details={"field": "state_code", "value": state}))
    for tag in sdg or []:
        if not valid_sdg_tag(tag):
            found.append(InvalidSdgTag(details={"field": "sdg_tags", "value": tag}))
    return found


def check_vocabulary(area: str | None, state: str | None, sdg: list[str] | None) -> None:
    problems = vocabulary_errors(area, state, sdg)
    if problems:
        raise problems[0]


def new_topic(data: TopicFields, process_id: str, **attribution: Any) -> Topic:
    return Topic(
        process_id=process_id, **data.model_dump(include=set(PUBLIC_FIELDS)), **attribution
    )


async def create_topic(
    session: AsyncSession, actor: Principal, data: TopicCreate, today: date
) -> Topic:
    """An online proposal by the signed-in citizen, while the consultation is open."""
    process = await processes.get_process(session, data.process_id)
    require_phase(process, "consultation", today)
    check_vocabulary(data.area, data.state_code, data.sdg_tags)
    topic = new_topic(
        data,
        process.id,
        channel="online",
        author_id=actor.sub,
        author_key=person_key(actor),
        author_name=display_name(actor),
    )
    await store_topic(session, actor, topic)
    await announce(session, process.id)
    return topic


async def store_topic(session: AsyncSession, actor: Principal, topic: Topic) -> None:
    session.add(topic)
    await session.flush()
    await index_topic(session, topic)
    if topic.channel == "territorial":
        person = participation.paper_person(topic.id)
        await participation.record(session, topic.process_id, person, None, "territorial")
    elif topic.author_key:
        await participation.record(session, topic.process_id, topic.author_key, topic.author_id)
    await audit.record(session, actor, "topic.created", "topic", topic.id, after=_snapshot(topic))


def _snapshot(topic: Topic) -> dict[str, Any]:
    return topic.model_dump(
        mode="json", include={*PUBLIC_FIELDS, "status", "channel", "captured_by", "merged_into_id"}
    )


async def get_topic(session: AsyncSession, topic_id: str) -> Topic:
    topic = await session.get(Topic, topic_id)
    if topic is None:
        raise TopicNotFound()
    return topic


def can_see(topic: Topic, viewer: Principal | None) -> bool:
    """Hidden topics are visible to the Committee and their author only."""
    if topic.status != "hidden":
        return True
    return viewer is not None and (viewer.role in COMMITTEE or viewer.sub == topic.author_id)


async def visible_topic(session: AsyncSession, topic_id: str, viewer: Principal | None) -> Topic:
    topic = await get_topic(session, topic_id)
    if not can_see(topic, viewer):
        raise TopicNotFound()
    return topic


async def read_topic(
    session: AsyncSession, topic: Topic, viewer: Principal | None = None
) -> TopicRead:
    """The topic with its theme (once published) and its published answer; for a
    signed-in ``viewer``, whether she voted for it and has the CURP its process requires."""
    theme_row = (
        await session.execute(
            select(Theme.id, Theme.title, Theme.commitment_id)
            .join(ThemeTopic, ThemeTopic.theme_id == Theme.id)
            .where(ThemeTopic.topic_id == topic.id, Theme.status != "draft")
        )
    ).first()
    answer_row = (
        await session.execute(
            select(Response.state, Response.justification, Response.published_at).where(
                Response.subject_type == "topic",
                Response.subject_id == topic.id,
                Response.status == "published",
            )
        )
    ).first()
    personal: dict[str, bool | None] = {}
    if voter_key_of(viewer) is not None:
        voted, curp = await topic_viewer(session, viewer, topic.id, topic.process_id)
        personal = {"voted": voted, "curp_registered": curp}
    return TopicRead(
        **topic.model_dump(),
        theme=ThemeRef(**theme_row._mapping) if theme_row else None,
        answer=PublicAnswer(**answer_row._mapping) if answer_row else None,
        **personal,
    )


# The two orders of a topic list: most votes first, or most recent first.
ORDERS = {
    "votes": Keyset(Topic.votes_count, Topic.id),
    "recent": Keyset(Topic.created_at, Topic.id),
}


async def list_topics(
    session: AsyncSession, filters: dict[str, Any], *, sort: str, limit: int, cursor: str | None
) -> tuple[list[Topic], str | None]:
    """Published topics of a process, by votes or most recent, with keyset pagination
    (their ``voted`` for a signed-in reader: :func:`summaries`)."""
    check_vocabulary(filters.get("area"), filters.get("state"), None)
    query = select(Topic).where(
        Topic.process_id == filters["process_id"], Topic.status == "published"
    )
    if filters.get("area"):
        query = query.where(Topic.area == filters["area"])
    if filters.get("state"):
        query = query.where(Topic.state_code == filters["state"])
    for word in search_terms(filters.get("q") or ""):
        query = query.where(Topic.search_text.contains(word, autoescape=True))
    order = ORDERS[sort]
    query = order.apply(query, cursor=cursor, limit=limit)
    return order.page((await session.execute(query)).scalars().all(), limit)


async def summaries(
    session: AsyncSession, topics: list[Topic], viewer: Principal | None
) -> list[TopicSummary]:
    """A page of topics as listed; for a signed-in reader each says whether she voted for
    it, all from one query (none for an anonymous one)."""
    items = [TopicSummary.model_validate(t, from_attributes=True) for t in topics]
    voter_key = voter_key_of(viewer)
    if voter_key is not None:
        mine = await voted_topics(session, voter_key, [t.id for t in items])
        for item in items:
            item.voted = item.id in mine
    return items


async def _own_published_topic(session: AsyncSession, actor: Principal, topic_id: str) -> Topic:
    topic = await get_topic(session, topic_id)
    if topic.author_id != actor.sub:
        raise NotTopicAuthor()
    if topic.status != "published":
        raise TopicNotEditable(details={"status": topic.status})
    return topic


async def update_topic(
    session: AsyncSession, actor: Principal, topic_id: str, data: TopicUpdate
) -> Topic:
    """Edit one's own topic; the ``votes_count = 0`` condition is checked by the UPDATE
    itself, so a vote arriving at the same moment cannot slip past it."""
    topic = await _own_published_topic(session, actor, topic_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    check_vocabulary(changes.get("area"), changes.get("state_code"), changes.get("sdg_tags"))
    before = _snapshot(topic)
    result = await session.execute(
        update(Topic)
        .where(Topic.id == topic.id, Topic.votes_count == 0, Topic.status == "published")
        .values(**changes, updated_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:
        raise TopicHasVotes()
    await session.refresh(topic)
    if {"title", "problem"} & changes.keys():
        await index_topic(session, topic)
    await audit.record(
        session, actor, "topic.updated", "topic", topic.id, before=before, after=_snapshot(topic)
    )
    return topic


async def withdraw_topic(session: AsyncSession, actor: Principal, topic_id: str) -> Topic:
    """The author withdraws the topic: it leaves the lists, its history stays."""
    topic = await _own_published_topic(session, actor, topic_id)
    before = _snapshot(topic)
    topic.status, topic.updated_at = "withdrawn", datetime.now(UTC)
    session.add(topic)
    await session.flush()
    await audit.record(
        session, actor, "topic.withdrawn", "topic", topic.id, before=before, after=_snapshot(topic)
    )
    await announce(session, topic.process_id)
    return topic


async def follow(session: AsyncSession, actor: Principal, topic_id: str) -> None:
    topic = await visible_topic(session, topic_id, actor)
    await insert_ignore(
        session,
        TopicFollower.__table__,
        {"topic_id": topic.id, "account_id": actor.sub, "created_at": datetime.now(UTC)},
        ["topic_id", "account_id"],
    )


async def unfollow(session: AsyncSession, actor: Principal, topic_id: str) -> None:
    await session.execute(
        delete(TopicFollower).where(
            TopicFollower.topic_id == topic_id, TopicFollower.account_id == actor.sub
        )
    )
