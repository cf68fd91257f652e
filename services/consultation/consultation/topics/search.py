"""Similar-topic suggestions on any database: accent-folded trigrams kept in a table.

The title is lower-cased, stripped of accents and punctuation, and cut into the trigrams of
each word padded with spaces (as pg_trgm does). Similarity is the share of trigrams two
titles have in common (Jaccard), computed in SQL from the ``topic_trigram`` table, so it
works the same on SQLite and PostgreSQL and needs no extension.
"""

import re
import unicodedata

from sqlalchemy import delete, func, insert, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.topics.models import Topic, TopicTrigram

_WORD = re.compile(r"[a-z0-9ñ]+")
MIN_SIMILARITY = 0.2


def fold(text: str) -> str:
    """Lower case without accents (ñ kept as n too, so 'nino' finds 'niño')."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


# A search costs one substring test per word and topic: at most this many words, each cut
# to a length, the longest (most selective) first; 1-2 letter words match almost
# everything ("de", "la") and are dropped when longer ones are present; numbers stay.
MAX_SEARCH_WORDS, MAX_WORD_LENGTH, MIN_WORD_LENGTH = 4, 30, 3


def search_terms(text: str) -> list[str]:
    """The distinct words a ``q`` search looks for, bounded in number and length."""
    found = list(dict.fromkeys(w[:MAX_WORD_LENGTH] for w in words(text[:200])))
    long_enough = [w for w in found if len(w) >= MIN_WORD_LENGTH or not w.isalpha()]
    chosen = long_enough or found[:1]
    return sorted(chosen, key=len, reverse=True)[:MAX_SEARCH_WORDS]


def trigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for word in words(text):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def search_text(title: str, problem: str) -> str:
    return " ".join(words(title) + words(problem))


async def index_topic(session: AsyncSession, topic: Topic) -> None:
    """(Re)write a topic's trigrams; called whenever its title changes."""
    grams = trigrams(topic.title)
    topic.trigram_count = len(grams)
    topic.search_text = search_text(topic.title, topic.problem)
    await session.execute(delete(TopicTrigram).where(TopicTrigram.topic_id == topic.id))
    if grams:
        rows = [{"trigram": g, "topic_id": topic.id, "process_id": topic.process_id} for g in grams]
        await session.execute(insert(TopicTrigram), rows)


async def similar_topics(
    session: AsyncSession, process_id: str, text: str, limit: int = 5
) -> list[tuple[Topic, float]]:
    grams = trigrams(text)
    if not grams:
        return []
    shared = func.count().label("shared")
    matches = (
        select(TopicTrigram.topic_id, shared)
        .where(TopicTrigram.process_id == process_id, TopicTrigram.trigram.in_(grams))
        .group_by(TopicTrigram.topic_id)
        .subquery()
    )
    score = matches.c.shared * 1.0 / (len(grams) + Topic.trigram_count - matches.c.shared)
    query = (
        select(Topic, score.label("score"))
        .join(matches, matches.c.topic_id == Topic.id)
        .where(Topic.status == "published", score >= MIN_SIMILARITY)
        .order_by(score.desc(), Topic.votes_count.desc())
        .limit(limit)
    )
    return [(row[0], round(float(row[1]), 3)) for row in await session.execute(query)]
