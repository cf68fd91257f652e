"""Systematization: the Committee groups topics into themes, merges duplicates, publishes
the themes and promotes some to commitment proposals (an event roadmaps consumes)."""

from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.processes import service as processes
from consultation.responses.notify import notify, topic_audience
from consultation.systematization.errors import (
    CannotMerge,
    ThemeAlreadyPromoted,
    ThemeNotFound,
    ThemeNotPublished,
    TopicAlreadyInTheme,
    TopicOfAnotherProcess,
)
from consultation.systematization.models import Theme, ThemeTopic
from consultation.systematization.schemas import ThemeCreate, ThemeRead, ThemeTopicRef
from consultation.topics.models import Topic
from consultation.topics.service import get_topic
from consultation.topics.vocabulary import check_vocabulary
from consultation.votes import curp_votes
from consultation.votes.models import Vote
from contracts.consultation import THEME_PROMOTED, SourceTopic, ThemePromoted
from contracts.roadmaps import CommitmentPublished
from kit import audit
from kit.db import insert_ignore
from kit.inbox import Event
from kit.outbox import emit
from kit.tokens import Principal


def _now() -> datetime:
    return datetime.now(UTC)


async def create_theme(
    session: AsyncSession, actor: Principal, process_id: str, data: ThemeCreate
) -> Theme:
    process = await processes.get_process(session, process_id)
    for area in data.areas:
        check_vocabulary(area, None, None)
    theme = Theme(process_id=process.id, **data.model_dump())
    session.add(theme)
    await session.flush()
    await audit.record(session, actor, "theme.created", "theme", theme.id, after=data)
    return theme


async def get_theme(session: AsyncSession, theme_id: str, *, drafts: bool = True) -> Theme:
    theme = await session.get(Theme, theme_id)
    if theme is None or (theme.status == "draft" and not drafts):
        raise ThemeNotFound()
    return theme


async def theme_topics(session: AsyncSession, theme_id: str) -> list[Topic]:
    query = (
        select(Topic)
        .join(ThemeTopic, ThemeTopic.topic_id == Topic.id)
        .where(ThemeTopic.theme_id == theme_id)
        .order_by(Topic.votes_count.desc(), Topic.id)
    )
    return list((await session.execute(query)).scalars())


async def read_theme(session: AsyncSession, theme: Theme) -> ThemeRead:
    topics = [
        ThemeTopicRef(id=t.id, title=t.title, votes_count=t.votes_count)
        for t in await theme_topics(session, theme.id)
    ]
    return ThemeRead(**theme.model_dump(), topics=topics)


async def list_themes(session: AsyncSession, process_id: str, *, drafts: bool) -> list[Theme]:
    query = select(Theme).where(Theme.process_id == process_id)
    if not drafts:
        query = query.where(Theme.status != "draft")
    return list((await session.execute(query.order_by(Theme.created_at, Theme.id))).scalars())


async def add_topics(
    session: AsyncSession, actor: Principal, theme_id: str, topic_ids: list[str]
) -> Theme:
    """Each topic joins at most one theme: the ``theme_topic`` primary key decides."""
    theme = await get_theme(session, theme_id)
    for topic_id in dict.fromkeys(topic_ids):
        topic = await get_topic(session, topic_id)
        if topic.process_id != theme.process_id:
            raise TopicOfAnotherProcess(details={"topic_id": topic_id})
        row = {"topic_id": topic.id, "theme_id": theme.id, "added_at": _now()}
        if not await insert_ignore(session, ThemeTopic.__table__, row, ["topic_id"]):
            raise TopicAlreadyInTheme(details={"topic_id": topic_id})
    await audit.record(
        session, actor, "theme.topics_added", "theme", theme.id, after={"topic_ids": topic_ids}
    )
    return theme


async def remove_topic(
    session: AsyncSession, actor: Principal, theme_id: str, topic_id: str
) -> None:
    theme = await get_theme(session, theme_id)
    await session.execute(
        delete(ThemeTopic).where(ThemeTopic.theme_id == theme.id, ThemeTopic.topic_id == topic_id)
    )
    await audit.record(
        session, actor, "theme.topic_removed", "theme", theme.id, before={"topic_id": topic_id}
    )


async def publish_theme(session: AsyncSession, actor: Principal, theme_id: str) -> Theme:
    """Publish a theme; authors and followers of its topics hear about it."""
    theme = await get_theme(session, theme_id)
    if theme.status != "draft":
        return theme
    theme.status, theme.published_at, theme.updated_at = "published", _now(), _now()
    session.add(theme)
    await session.flush()
    await audit.record(
        session, actor, "theme.published", "theme", theme.id, after={"status": "published"}
    )
    topic_ids = [t.id for t in await theme_topics(session, theme.id)]
    await notify(
        session,
        await topic_audience(session, topic_ids),
        "theme_published",
        "Tu propuesta forma parte de un tema de la consulta",
        f"La sistematización agrupó tu propuesta en el tema «{theme.title}».",
        f"/consulta/temas/{theme.id}",
    )
    return theme


async def promote_theme(session: AsyncSession, actor: Principal, theme_id: str) -> Theme:
    """Promote a published theme to a commitment proposal: roadmaps receives
    ``consultation.theme.promoted.v1`` and creates a draft commitment that keeps the link."""
    theme = await get_theme(session, theme_id)
    if theme.status == "promoted":
        raise ThemeAlreadyPromoted()
    if theme.status != "published":
        raise ThemeNotPublished()
    process = await processes.get_process(session, theme.process_id)
    theme.status, theme.promoted_at, theme.updated_at = "promoted", _now(), _now()
    session.add(theme)
    await session.flush()
    topics = await theme_topics(session, theme.id)
    payload = ThemePromoted(
        theme_id=theme.id,
        process_id=theme.process_id,
        plan_code=process.plan_code,
        title=theme.title,
        description=theme.description,
        areas=list(theme.areas),
        source_topics=[SourceTopic(topic_id=t.id, title=t.title) for t in topics],
        demo=process.demo,
    )
    await audit.record(session, actor, "theme.promoted", "theme", theme.id, after=payload)
    await emit(session, THEME_PROMOTED, payload)
    return theme


async def link_commitment(session: AsyncSession, theme_id: str, commitment_id: str) -> None:
    """Roadmaps reported the commitment created from a theme: topics can now point to it."""
    await session.execute(
        update(Theme).where(Theme.id == theme_id).values(commitment_id=commitment_id)
    )


async def commitment_published(
    session: AsyncSession, event: Event, data: CommitmentPublished
) -> None:
    """``roadmaps.commitment.published.v1``, sent here only for a commitment made from one
    of our themes (``source_theme_id``): topics can now show where they went."""
    if data.source_theme_id:
        await link_commitment(session, data.source_theme_id, data.commitment_id)


async def merge_topics(
    session: AsyncSession, actor: Principal, topic_id: str, into_id: str, reason: str
) -> Topic:
    """Merge a duplicate into the surviving topic. Votes of people who had not voted for the
    survivor move to it (with their CURP rows); a person (or a CURP) who voted for both
    counts once. Counts are recomputed
    from the vote rows, so nothing is counted twice."""
    duplicate, survivor = await get_topic(session, topic_id), await get_topic(session, into_id)
    same = duplicate.process_id == survivor.process_id and duplicate.id != survivor.id
    if not same or {duplicate.status, survivor.status} != {"published"}:
        raise CannotMerge()
    already = select(Vote.voter_key).where(Vote.topic_id == survivor.id)
    same_curp = await curp_votes.voters_kept_on_duplicate(session, duplicate.id, survivor.id)
    await session.execute(
        update(Vote)
        .where(
            Vote.topic_id == duplicate.id,
            Vote.voter_key.not_in(already),
            Vote.voter_key.not_in(same_curp),
        )
        .values(topic_id=survivor.id)
        .execution_options(synchronize_session=False)
    )
    await curp_votes.move_with_votes(session, duplicate.id, survivor.id)
    for topic in (duplicate, survivor):
        count = select(func.count()).select_from(Vote).where(Vote.topic_id == topic.id)
        topic.votes_count = (await session.execute(count)).scalar_one()
    before = {"status": duplicate.status}
    duplicate.status, duplicate.merged_into_id = "merged", survivor.id
    duplicate.updated_at = survivor.updated_at = _now()
    session.add_all([duplicate, survivor])
    await session.flush()
    after = {"status": "merged", "merged_into_id": survivor.id}
    await audit.record(
        session,
        actor,
        "topic.merged",
        "topic",
        duplicate.id,
        before=before,
        after=after,
        reason=reason,
    )
    return duplicate
