"""Outbox channels: ``<scheme>:`` destinations delivered by a channel, a permanent failure
or the last allowed attempt recorded as failed (and skipped), relays scoped by prefix."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import MetaData, select, update

from kit.db import Database
from kit.event_signing import EventSigner
from kit.outbox import OutboxRelay, PermanentFailure, emit
from kit.tables import install_kit_tables

metadata = MetaData()
kit_tables = install_kit_tables(metadata)


class Recording:
    """A channel that fails the way it is told to and records what it delivered."""

    def __init__(self, max_attempts: int | None = None) -> None:
        self.max_attempts = max_attempts
        self.delivered: list[dict[str, Any]] = []
        self.fail_with: Exception | None = None

    async def deliver(self, row: Mapping[str, Any]) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.delivered.append(dict(row["payload"]))

    def delivered_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {"n": payload["n"]}


@pytest.fixture
async def db(databases):
    database = Database(await databases.new("kit"), info={"kit": kit_tables})
    async with database.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield database
    await database.dispose()


def relay(db: Database, channel: Recording, **kw: Any) -> OutboxRelay:
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(204)))
    return OutboxRelay(
        db, source="t", signer=EventSigner.ephemeral(), http=http, channels={"rec": channel}, **kw
    )


async def queue(db: Database, n: int, destination: str = "rec:one") -> None:
    async with db.transaction() as session:
        await emit(session, "t.thing.v1", {"n": n, "secret": "x"}, extra_destinations=[destination])


async def rows(db: Database) -> list:
    async with db.transaction(read_only=True) as session:
        return list(await session.execute(select(kit_tables.outbox).order_by("seq")))


async def test_a_channel_delivers_and_the_kept_payload_is_trimmed(db):
    channel = Recording()
    await queue(db, 1)
    assert await relay(db, channel).drain() == 1
    [row] = await rows(db)
    assert channel.delivered == [{"n": 1, "secret": "x"}]
    assert row.delivered_at is not None and row.payload == {"n": 1}


async def test_a_permanent_failure_is_recorded_once_and_not_retried(db):
    channel = Recording()
    channel.fail_with = PermanentFailure("550 user unknown")
    await queue(db, 1)
    await queue(db, 2)
    outbox = relay(db, channel)
    await outbox.drain()
    channel.fail_with = None
    await outbox.drain()
    [first, second] = await rows(db)
    assert first.failed_at is not None and first.attempts == 1
    assert first.last_error == "550 user unknown" and first.delivered_at is None
    assert second.failed_at is not None  # a permanent failure does not hold the others
    assert channel.delivered == []
    assert await outbox.backlog() == 0  # failed rows wait for a person, not the relay


async def test_temporary_failures_retry_until_max_attempts_then_fail(db):
    channel = Recording(max_attempts=3)
    channel.fail_with = ConnectionRefusedError("down")
    await queue(db, 1)
    outbox = relay(db, channel)
    for expected in (1, 2, 3):
        await outbox.run_once()
        async with db.transaction() as session:  # make it due again at once
            await session.execute(update(kit_tables.outbox).values(available_at=datetime.now(UTC)))
        [row] = await rows(db)
        assert row.attempts == expected
    assert row.failed_at is not None and "after 3 attempts" in row.last_error
    channel.fail_with = None
    assert await outbox.drain() == 0


async def test_relays_claim_only_their_prefix(db):
    channel = Recording()
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(204)

    await queue(db, 1, "rec:one")
    await queue(db, 2, "http://svc.test")
    http = httpx.AsyncClient(transport=httpx.MockTransport(record))
    events = OutboxRelay(
        db, source="t", signer=EventSigner.ephemeral(), http=http, exclude=("rec:",)
    )
    assert await events.backlog() == 1
    assert await events.drain() == 1
    assert channel.delivered == [] and seen == ["http://svc.test"]
    mail = relay(db, channel, only="rec:")
    assert await mail.drain() == 1
    assert channel.delivered == [{"n": 1, "secret": "x"}]
