"""Topics: proposing, reading, listing, editing until the first vote, withdrawing."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.people.identity import display_name, person_key
from consultation.processes import service as processes
from consultation.processes.gate import require_phase
from consultation.responses.tally import announce
from consultation.statistics import participation
from consultation.topics.errors import (
    NotTopicAuthor,
    TopicHasVotes,
    TopicNotEditable,
    TopicNotFound,
)
from consultation.topics.models import Topic, TopicFollower
from consultation.topics.reads import can_see, topic_read
from consultation.topics.schemas import TopicCreate, TopicFields, TopicRead, TopicUpdate
from consultation.topics.search import index_topic
from consultation.topics.vocabulary import check_vocabulary
from kit import audit
from kit.db import insert_ignore
from kit.tokens import Principal

PUBLIC_FIELDS = ("title", "problem", "affected", "solution", "area", "sdg_tags", "state_code")


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


async def visible_topic(session: AsyncSession, topic_id: str, viewer: Principal | None) -> Topic:
    topic = await get_topic(session, topic_id)
    if not can_see(topic.status, topic.author_id, viewer):
        raise TopicNotFound()
    return topic


async def read_topic(
    session: AsyncSession, topic: Topic, viewer: Principal | None = None
) -> TopicRead:
    """A topic the caller already holds (and may show: a write's answer, the Committee's
    moderation), read back as stored and as its page shows it (:func:`reads.topic_read`)."""
    return await topic_read(session, topic.id, viewer, hidden_ok=True)


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
