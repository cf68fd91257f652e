"""Keyset pagination: every row once, in order, and a bad cursor refused the same way."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, select

from kit.pagination import InvalidCursor, Keyset, encode_cursor

metadata = MetaData()
item = Table(
    "item",
    metadata,
    Column("id", String, primary_key=True),
    Column("votes", Integer),
    Column("created_at", DateTime),
)
START = datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)


@pytest.fixture
def connection():
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.connect() as conn:
        conn.execute(
            item.insert(),
            [
                {"id": f"{n:03d}", "votes": n % 4, "created_at": START + timedelta(hours=n % 3)}
                for n in range(23)
            ],
        )
        yield conn


def _walk(conn, keyset: Keyset, limit: int) -> list[str]:
    seen, cursor = [], None
    while True:
        query = keyset.apply(select(item), cursor=cursor, limit=limit)
        rows, cursor = keyset.page(conn.execute(query).all(), limit)
        seen += [row.id for row in rows]
        if cursor is None:
            return seen


@pytest.mark.parametrize("limit", [1, 5, 22, 23, 50])
def test_pages_cover_every_row_once_in_order(connection, limit):
    keyset = Keyset(item.c.votes, item.c.id)
    everything = [r.id for r in connection.execute(select(item).order_by(*keyset.order_by()))]
    assert _walk(connection, keyset, limit) == everything
    assert len(everything) == 23


def test_ascending_by_time_then_id(connection):
    keyset = Keyset(item.c.created_at, item.c.id, descending=False)
    walked = _walk(connection, keyset, 4)
    rows = {r.id: r for r in connection.execute(select(item))}
    assert walked == sorted(rows, key=lambda i: (rows[i].created_at, i))


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        encode_cursor(["x"]),  # too few values
        encode_cursor(["many", "votes"]),  # not an integer
        encode_cursor([None, "001"]),
        encode_cursor([True, "001"]),
        "eyJhIjoxfQ",  # a JSON object, not a list
    ],
)
def test_a_cursor_that_does_not_fit_is_refused(cursor):
    with pytest.raises(InvalidCursor) as caught:
        Keyset(item.c.votes, item.c.id).after(cursor)
    assert caught.value.code == "invalid_cursor" and caught.value.status_code == 422


def test_sqlmodel_decorated_types_read_back_as_their_values():
    """sqlmodel's UTCDateTime and AutoString say ``python_type`` is ``object``: a cursor on
    them must still come back as a datetime and a string (else the query cannot bind it)."""
    from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

    table = Table(
        "stamped", MetaData(), Column("id", AutoString, primary_key=True),
        Column("at", UTCDateTime),
    )  # fmt: skip
    keyset = Keyset(table.c.at, table.c.id)
    condition = keyset.after(encode_cursor(["2026-01-01T10:00:00+00:00", "abc"]))
    values = [bind.value for bind in condition.compile().binds.values()]
    assert any(isinstance(v, datetime) for v in values)
    assert "abc" in values
