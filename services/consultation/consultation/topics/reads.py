"""Topic reads on a lean path (issue 17, "fast reads"): Core selects of exactly the columns a
page shows, validated once from the row mappings, never loaded as ORM entities.

A list page is one statement (one more for a signed-in reader: her votes on the page); one
topic is one statement with its theme (and commitment) and its published answer joined in
(one more for a signed-in reader: her vote and CURP). Nothing here writes, so no entity
enters the session's identity map.
"""

from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import and_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.responses.models import Response
from consultation.systematization.models import Theme, ThemeTopic
from consultation.topics.errors import TopicNotFound
from consultation.topics.models import Topic
from consultation.topics.schemas import TopicList, TopicRead, TopicSummary
from consultation.topics.search import search_terms
from consultation.topics.vocabulary import check_vocabulary
from consultation.votes.viewer import topic_viewer, voted_topics, voter_key_of
from kit.pagination import Keyset
from kit.tokens import Principal
from reference.roles import COMMITTEE

TOPIC_LIST = TypeAdapter(TopicList)
_topic = Topic.__table__
_theme = Theme.__table__
_theme_topic = ThemeTopic.__table__
_answer = Response.__table__

# Table columns, not ORM attributes: the statement runs on the Core path (no ORM compile).
SUMMARY_COLUMNS = [c for c in _topic.c if c.key in TopicSummary.model_fields]
READ_COLUMNS = [c for c in _topic.c if c.key in TopicRead.model_fields or c.key == "author_id"]
# The topic's theme once it is out of draft, and its answer once published, as prefixed
# columns of the same row: a topic has at most one of each (theme_topic's key is the topic,
# response is unique per subject).
JOINED = {
    "theme": [_theme.c.id, _theme.c.title, _theme.c.commitment_id],
    "answer": [_answer.c.state, _answer.c.justification, _answer.c.published_at],
}

# The two orders of a topic list: most votes first, or most recent first.
ORDERS = {
    "votes": Keyset(_topic.c.votes_count, _topic.c.id),
    "recent": Keyset(_topic.c.created_at, _topic.c.id),
}


def can_see(status: str, author_id: str | None, viewer: Principal | None) -> bool:
    """Hidden topics are visible to the Committee and their author only."""
    if status != "hidden":
        return True
    return viewer is not None and (viewer.role in COMMITTEE or viewer.sub == author_id)


async def topic_page(
    session: AsyncSession,
    filters: dict[str, Any],
    viewer: Principal | None,
    *,
    sort: str,
    limit: int,
    cursor: str | None,
) -> TopicList:
    """Published topics of a process, filtered (closed vocabularies checked first), by votes
    or most recent, with keyset pagination; for a signed-in reader each says whether she
    voted for it (one query more for the page)."""
    check_vocabulary(filters.get("area"), filters.get("state"), None)
    query = select(*SUMMARY_COLUMNS).where(
        _topic.c.process_id == filters["process_id"], _topic.c.status == "published"
    )
    if filters.get("area"):
        query = query.where(_topic.c.area == filters["area"])
    if filters.get("state"):
        query = query.where(_topic.c.state_code == filters["state"])
    for word in search_terms(filters.get("q") or ""):
        query = query.where(_topic.c.search_text.contains(word, autoescape=True))
    order = ORDERS[sort]
    query = order.apply(query, cursor=cursor, limit=limit)
    rows, next_cursor = order.page((await session.execute(query)).mappings().all(), limit)
    items = [dict(row) for row in rows]
    voter_key = voter_key_of(viewer)
    if voter_key is not None:
        mine = await voted_topics(session, voter_key, [item["id"] for item in items])
        for item in items:
            item["voted"] = item["id"] in mine
    return TOPIC_LIST.validate_python({"items": items, "next_cursor": next_cursor})


def _read_query(topic_id: str) -> Any:
    joined = [c.label(f"{part}_{c.key}") for part, cols in JOINED.items() for c in cols]
    themed = _topic.outerjoin(_theme_topic, _theme_topic.c.topic_id == _topic.c.id).outerjoin(
        _theme, and_(_theme.c.id == _theme_topic.c.theme_id, _theme.c.status != "draft")
    )
    answered = themed.outerjoin(
        _answer,
        and_(
            _answer.c.subject_type == "topic",
            _answer.c.subject_id == _topic.c.id,
            _answer.c.status == "published",
        ),
    )
    return select(*READ_COLUMNS, *joined).select_from(answered).where(_topic.c.id == topic_id)


def _nested(row: dict[str, Any], part: str) -> dict[str, Any] | None:
    """``theme_id, theme_title, …`` of the row as ``{"id": …, "title": …}``; None when the
    outer join found nothing (the first column is never null when it did)."""
    values = {c.key: row.pop(f"{part}_{c.key}") for c in JOINED[part]}
    return values if values[JOINED[part][0].key] is not None else None


async def topic_read(
    session: AsyncSession, topic_id: str, viewer: Principal | None, *, hidden_ok: bool = False
) -> TopicRead:
    """One topic as its page shows it, if ``viewer`` may see it (404 otherwise; ``hidden_ok``
    for a caller that already decided, as the Committee's moderation does): its theme (once
    published) and the commitment it became, its published answer; for a signed-in reader,
    whether she voted for it and has the CURP its process requires."""
    found = (await session.execute(_read_query(topic_id))).mappings().first()
    if found is None:
        raise TopicNotFound()
    if not hidden_ok and not can_see(found["status"], found["author_id"], viewer):
        raise TopicNotFound()
    row = dict(found)
    row["theme"], row["answer"] = _nested(row, "theme"), _nested(row, "answer")
    if voter_key_of(viewer) is not None:
        row["voted"], row["curp_registered"] = await topic_viewer(
            session, viewer, topic_id, row["process_id"]
        )
    return TopicRead.model_validate(row)
