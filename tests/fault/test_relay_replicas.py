"""Several relay replicas on one PostgreSQL database (Kubernetes runs each service with
2+ replicas, every one with its relay): leases and ``FOR UPDATE SKIP LOCKED`` mean each
event is delivered exactly once, and the work is shared."""

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime

import httpx
from sqlalchemy import func, insert, select

from kit.db import Database
from kit.event_signing import EventSigner
from kit.outbox import OutboxRelay
from tests.conftest import EVENT_KEYS, Databases, migrate
from tracking.db import kit_tables

EVENTS = 200
DESTINATION = "http://consumer.test/internal/events"


async def queue(db: Database) -> None:
    now = datetime.now(UTC)
    async with db.transaction() as session:
        for n in range(EVENTS):
            await session.execute(
                insert(kit_tables.outbox).values(
                    id=uuid.uuid4().hex, event_id=uuid.uuid4().hex, destination=DESTINATION,
                    topic="tracking.test.v1", payload={"n": n}, occurred_at=now,
                    available_at=now, attempts=0, seq=n,
                )
            )  # fmt: skip


async def test_two_relays_deliver_each_of_200_events_exactly_once(pg_databases: Databases):
    url = await pg_databases.new("tracking")
    await migrate("tracking", url)
    received: Counter[str] = Counter()
    by_replica: Counter[str] = Counter()

    def consumer(replica: str) -> httpx.MockTransport:
        async def handle(request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(0.002)  # a network round trip: lets the replicas interleave
            received[(await request.aread()).decode()] += 1
            by_replica[replica] += 1
            return httpx.Response(204)

        return httpx.MockTransport(handle)

    dbs = [Database(url, info={"kit": kit_tables}) for _ in range(2)]
    await queue(dbs[0])
    relays = [
        OutboxRelay(
            db,
            source="tracking",
            signer=EventSigner(EVENT_KEYS["tracking"]),
            batch_size=10,
            http=httpx.AsyncClient(transport=consumer(f"r{i}")),
        )
        for i, db in enumerate(dbs)
    ]
    try:
        delivered = await asyncio.gather(*(relay.drain(max_rounds=100) for relay in relays))
        async with dbs[0].transaction(read_only=True) as session:
            table = kit_tables.outbox
            pending = await session.execute(
                select(func.count()).select_from(table).where(table.c.delivered_at.is_(None))
            )
            attempts = await session.execute(select(func.max(table.c.attempts)))
    finally:
        for relay, db in zip(relays, dbs, strict=True):
            await relay.http.aclose()
            await db.dispose()
    assert sum(delivered) == EVENTS
    assert len(received) == EVENTS and set(received.values()) == {1}  # exactly once each
    assert all(by_replica[r] > 0 for r in ("r0", "r1")), by_replica  # both did work
    assert pending.scalar_one() == 0 and attempts.scalar_one() == 1
