"""Participation statistics: aggregates only, and no published cell under the threshold.

Participants are distinct people (the person key of voters and online authors) plus one per
paper questionnaire. Gender, age band and sector come from the optional, consented
demographics, joined by person key and never stored beside a contribution. A count under
the threshold (5 by default) is published as null with ``suppressed: true``.
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, union
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.privacy.models import Demographics
from consultation.privacy.vocabulary import AGE_BANDS, GENDERS, SECTORS
from consultation.topics.models import Topic
from consultation.topics.vocabulary import AREAS, CHANNELS, STATES
from consultation.votes.models import Vote
from kit.csvcells import write_rows

LABELS = {
    "area": AREAS,
    "state": STATES,
    "channel": {"online": "En línea", "territorial": "Territorial"},
    "gender": GENDERS,
    "age_band": AGE_BANDS,
    "sector": SECTORS,
}
assert set(LABELS["channel"]) == set(CHANNELS)


def _cell(table: str, key: str | None, count: int, min_cell: int) -> dict[str, Any]:
    dimension = table.rsplit("_by_", 1)[-1]
    label = LABELS.get(dimension, {}).get(key or "", "Sin dato") if key else "Sin dato"
    small = count < min_cell
    return {"key": key, "label": label, "count": None if small else count, "suppressed": small}


def _people(process_id: str):
    voters = select(Vote.voter_key.label("person")).where(Vote.process_id == process_id)
    authors = select(Topic.author_key.label("person")).where(
        Topic.process_id == process_id, Topic.author_key.is_not(None)
    )
    return union(voters, authors).subquery()


async def _grouped(session: AsyncSession, query) -> list[tuple[str | None, int]]:
    return [(key, int(count)) for key, count in await session.execute(query)]


async def compute(session: AsyncSession, process_id: str, min_cell: int) -> dict[str, Any]:
    live = (Topic.process_id == process_id) & (Topic.status != "withdrawn")
    people = _people(process_id)
    tables: dict[str, list[tuple[str | None, int]]] = {}
    for name, column in (
        ("area", Topic.area),
        ("state", Topic.state_code),
        ("channel", Topic.channel),
    ):
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
    for name in ("gender", "age_band", "sector", "state_code"):
        column = getattr(Demographics, name)
        tables[f"participants_by_{'state' if name == 'state_code' else name}"] = await _grouped(
            session,
            select(column, func.count(people.c.person.distinct()))
            .select_from(people)
            .outerjoin(Demographics, Demographics.voter_key == people.c.person)
            .group_by(column),
        )
    online = (await session.execute(select(func.count()).select_from(people))).scalar_one()
    paper = (
        await session.execute(select(func.count()).where(live, Topic.channel == "territorial"))
    ).scalar_one()
    tables["participants_by_channel"] = [("online", online), ("territorial", paper)]
    totals = {
        "participants": online + paper,
        "topics": sum(c for _, c in tables["topics_by_area"]),
        "votes": sum(c for _, c in tables["votes_by_area"]),
    }
    return {
        "process_id": process_id,
        "generated_at": datetime.now(UTC).isoformat(),
        "min_cell": min_cell,
        "totals": {k: _cell("total", k, v, min_cell) for k, v in totals.items()},
        "tables": {
            name: [_cell(name, key, count, min_cell) for key, count in sorted(rows, key=_order)]
            for name, rows in tables.items()
        },
    }


def _order(row: tuple[str | None, int]) -> str:
    return row[0] or "~"


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
