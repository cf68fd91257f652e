"""Participation statistics: aggregates only, and nothing that lets a small count be derived.

Two populations are counted in people and protected (``disclosure``): participants (every
distinct person who voted or proposed online, plus one per paper questionnaire, each with
what they declared when they took part: ``Participation``) and votes
(each vote is one person's). Their tables share the population's total, and no figure of
them, alone or by difference with the total or another table, reveals a count under the
threshold (5, never less). Topics are public documents, listed one by one, so the topic
tables are published as they are.
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.privacy.vocabulary import AGE_BANDS, GENDERS, SECTORS
from consultation.statistics.disclosure import Rows, suppress_population
from consultation.statistics.models import Participation
from consultation.topics.models import Topic
from consultation.topics.vocabulary import CHANNELS
from consultation.votes.models import Vote
from kit.csvcells import write_rows
from reference.areas import AREAS
from reference.states import STATES

LABELS = {
    "area": AREAS,
    "state": STATES,
    "channel": {"online": "En línea", "territorial": "Territorial"},
    "gender": GENDERS,
    "age_band": AGE_BANDS,
    "sector": SECTORS,
}
assert set(LABELS["channel"]) == set(CHANNELS)
PARTICIPANT_DIMENSIONS = ("channel", "state", "gender", "age_band", "sector")
TOPIC_DIMENSIONS = {"area": Topic.area, "state": Topic.state_code, "channel": Topic.channel}
# What each table counts, and the total it adds up to.
POPULATIONS = {
    "participants": [f"participants_by_{d}" for d in PARTICIPANT_DIMENSIONS],
    "votes": [f"votes_by_{d}" for d in TOPIC_DIMENSIONS],
    "topics": [f"topics_by_{d}" for d in TOPIC_DIMENSIONS],
}
COUNTS_PEOPLE = ("participants", "votes")


def _cell(table: str, key: str | None, count: int, hidden: bool) -> dict[str, Any]:
    dimension = table.rsplit("_by_", 1)[-1]
    label = LABELS.get(dimension, {}).get(key or "", "Sin dato") if key else "Sin dato"
    return {"key": key, "label": label, "count": None if hidden else count, "suppressed": hidden}


def _order(row: tuple[str | None, int]) -> str:
    return row[0] or "~"


async def _grouped(session: AsyncSession, query) -> Rows:
    return sorted(((key, int(count)) for key, count in await session.execute(query)), key=_order)


async def _participants(session: AsyncSession, process_id: str) -> tuple[int, dict[str, Rows]]:
    """From what each person declared when they took part, never from today's profiles."""
    mine = Participation.process_id == process_id
    tables = {}
    for name in PARTICIPANT_DIMENSIONS:
        column = getattr(Participation, "state_code" if name == "state" else name)
        tables[f"participants_by_{name}"] = await _grouped(
            session, select(column, func.count()).where(mine).group_by(column)
        )
    return sum(c for _, c in tables["participants_by_channel"]), tables


async def _topics_and_votes(session: AsyncSession, process_id: str) -> dict[str, Rows]:
    live = (Topic.process_id == process_id) & (Topic.status != "withdrawn")
    tables: dict[str, Rows] = {}
    for name, column in TOPIC_DIMENSIONS.items():
        tables[f"topics_by_{name}"] = await _grouped(
            session, select(column, func.count()).where(live).group_by(column)
        )
        tables[f"votes_by_{name}"] = await _grouped(
            session,
            select(column, func.count())
            .select_from(Vote)
            .join(Topic, Topic.id == Vote.topic_id)
            .where(Vote.process_id == process_id)
            .group_by(column),
        )
    return tables


def publish(totals: dict[str, int], tables: dict[str, Rows], min_cell: int) -> dict[str, Any]:
    """The published figures: every population of people protected as a whole."""
    published_totals, published_tables = {}, {}
    for population, names in POPULATIONS.items():
        if population in COUNTS_PEOPLE:
            hide_total, hidden = suppress_population(
                totals[population], {n: tables[n] for n in names}, min_cell
            )
        else:
            hide_total, hidden = False, {n: set() for n in names}
        published_totals[population] = _cell("total", population, totals[population], hide_total)
        for name in names:
            published_tables[name] = [
                _cell(name, key, count, i in hidden[name])
                for i, (key, count) in enumerate(tables[name])
            ]
    return {
        "min_cell": min_cell,
        "populations": {
            population: {"counts_people": population in COUNTS_PEOPLE, "tables": names}
            for population, names in POPULATIONS.items()
        },
        "totals": published_totals,
        "tables": published_tables,
    }


async def compute(session: AsyncSession, process_id: str, min_cell: int) -> dict[str, Any]:
    participants, tables = await _participants(session, process_id)
    tables |= await _topics_and_votes(session, process_id)
    totals = {
        "participants": participants,
        "topics": sum(c for _, c in tables["topics_by_area"]),
        "votes": sum(c for _, c in tables["votes_by_area"]),
    }
    return {
        "process_id": process_id,
        "generated_at": datetime.now(UTC).isoformat(),
        **publish(totals, tables, min_cell),
    }


def to_csv(stats: dict[str, Any]) -> str:
    rows: list[list[Any]] = [["table", "key", "label", "count", "suppressed"]]
    for key, cell in stats["totals"].items():
        rows.append(
            ["totals", key, key, "" if cell["count"] is None else cell["count"], cell["suppressed"]]
        )
    for name, cells in stats["tables"].items():
        for cell in cells:
            count = "" if cell["count"] is None else cell["count"]
            rows.append([name, cell["key"] or "", cell["label"], count, cell["suppressed"]])
    return write_rows(rows)  # text cells that would start a formula get a leading '
