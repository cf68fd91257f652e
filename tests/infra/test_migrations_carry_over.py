"""Migrations carry existing rows over: upgrade a database to the revision before a change,
store rows the old way, upgrade to head, and find them carried over (SQLite and PostgreSQL).
"""

import json
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from kit.db import normalize_url
from kit.migrations import upgrade_async
from tests.conftest import ROOT, migrate


def _filler(column: sa.Column) -> Any:
    """A value for a NOT NULL column the test does not care about."""
    try:
        kind = column.type.python_type
    except NotImplementedError:
        kind = str
    if isinstance(column.type, sa.JSON):
        return {}
    return {
        bool: False,
        int: 0,
        float: 0.0,
        datetime: datetime.now(UTC),
        date: date.today(),
    }.get(kind, "x")


async def _insert(url: str, table_name: str, *rows: dict[str, Any]) -> None:
    """Insert rows into the table as it stands now, filling the other required columns."""
    engine = create_async_engine(normalize_url(url))
    try:
        async with engine.begin() as conn:

            def write(sync_conn):
                table = sa.Table(table_name, sa.MetaData(), autoload_with=sync_conn)
                for row in rows:
                    values = {
                        c.name: _filler(c)
                        for c in table.columns
                        if not c.nullable and c.server_default is None and c.name not in row
                    }
                    sync_conn.execute(table.insert().values(**(values | row)))

            await conn.run_sync(write)
    finally:
        await engine.dispose()


async def _rows(url: str, sql: str) -> list[tuple]:
    engine = create_async_engine(normalize_url(url))
    try:
        async with engine.connect() as conn:
            return [tuple(r) for r in (await conn.execute(sa.text(sql))).all()]
    finally:
        await engine.dispose()


async def _upgrade_to(service: str, url: str, revision: str) -> None:
    await upgrade_async(ROOT / "services" / service, url, revision)


async def test_roadmaps_ogp_value_key_is_rewritten(databases):
    url = await databases.new("roadmaps")
    await _upgrade_to("roadmaps", url, "2802731e29a7")
    legacy = {"technology_innovation": "Datos abiertos.", "civic_participation": "Mesas."}
    await _insert(
        url,
        "commitment",
        {"id": "c1", "plan_code": "MX-4PA", "number": 1, "slug": "a", "ogp_values": legacy},
        {"id": "c2", "plan_code": "MX-4PA", "number": 2, "slug": "b", "ogp_values": {}},
    )

    await migrate("roadmaps", url)

    stored = dict(await _rows(url, "SELECT id, ogp_values FROM commitment ORDER BY id"))
    decode = {k: v if isinstance(v, dict) else json.loads(v) for k, v in stored.items()}
    assert decode == {
        "c1": {"technology_and_innovation": "Datos abiertos.", "civic_participation": "Mesas."},
        "c2": {},
    }


async def test_tracking_duplicate_pending_updates_are_rejected_but_kept(databases):
    url = await databases.new("tracking")
    await _upgrade_to("tracking", url, "9f7518f7763d")
    base = datetime(2021, 3, 1, tzinfo=UTC)
    await _insert(
        url,
        "progress_update",
        *[
            {
                "id": f"u{n}",
                "activity_id": "a1",
                "state": "pending",
                "submitted_at": base.replace(day=n),
            }
            for n in (2, 1, 3)
        ],
        {"id": "u9", "activity_id": "a2", "state": "pending", "submitted_at": base},
    )

    await migrate("tracking", url)

    rows = await _rows(url, "SELECT id, state, rejected_side FROM progress_update ORDER BY id")
    assert rows == [
        ("u1", "pending", None),
        ("u2", "rejected", "system"),
        ("u3", "rejected", "system"),
        ("u9", "pending", None),
    ]


async def test_consultation_curp_votes_are_backfilled(databases):
    url = await databases.new("consultation")
    await _upgrade_to("consultation", url, "6258cd5742ab")
    await _insert(
        url,
        "process",
        {"id": "p1", "plan_code": "MX-5PA", "requires_curp": True},
        {"id": "p2", "plan_code": "MX-6PA", "requires_curp": False},
    )
    await _insert(
        url,
        "topic",
        {"id": "t1", "process_id": "p1"},
        {"id": "t2", "process_id": "p2"},
    )
    await _insert(url, "curp_registration", {"account_id": "acct-a", "curp_hash": "h" * 64})
    await _insert(
        url,
        "vote",
        {"topic_id": "t1", "voter_key": "vk-a", "process_id": "p1", "account_id": "acct-a"},
        {"topic_id": "t2", "voter_key": "vk-a", "process_id": "p2", "account_id": "acct-a"},
        {"topic_id": "t1", "voter_key": "vk-b", "process_id": "p1", "account_id": None},
    )

    await migrate("consultation", url)

    rows = await _rows(url, "SELECT topic_id, curp_hash, voter_key FROM curp_vote")
    assert rows == [("t1", "h" * 64, "vk-a")]
