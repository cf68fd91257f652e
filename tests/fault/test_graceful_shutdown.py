"""SIGTERM under load: uvicorn finishes the requests in flight, the lifespan stops the
outbox relay after the batch under way, and the process exits 0 (a rolling update in
Kubernetes or ``docker compose up -d`` loses nothing)."""

import asyncio
import json
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert

from kit.db import Database
from kit.settings import DEV_GATEWAY_SECRET
from tests.conftest import Databases, as_the_gateway, migrate
from tests.fault.processes import ServiceProcess, service_env
from tracking.db import kit_tables

# Services answer only the gateway: these calls are made as the gateway would make them.
AS_THE_GATEWAY = {"request": [as_the_gateway(DEV_GATEWAY_SECRET)]}

EVENTS = 20
RECEIVER_DELAY_SECONDS = 0.15


class Receiver(ThreadingHTTPServer):
    """A slow webhook: records each event id it accepts."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[str] = []


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        time.sleep(RECEIVER_DELAY_SECONDS)
        self.server.received.append(json.loads(body)["id"])  # type: ignore[attr-defined]
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


async def queue_events(url: str, destination: str) -> None:
    db = Database(url, info={"kit": kit_tables})
    now = datetime.now(UTC)
    async with db.transaction() as session:
        for n in range(EVENTS):
            await session.execute(
                insert(kit_tables.outbox).values(
                    id=uuid.uuid4().hex, event_id=uuid.uuid4().hex, destination=destination,
                    topic="tracking.test.v1", payload={"n": n}, occurred_at=now,
                    available_at=now, attempts=0, seq=time.time_ns() + n,
                )
            )  # fmt: skip
    await db.dispose()


async def delivered(url: str) -> int:
    db = Database(url, info={"kit": kit_tables})
    async with db.transaction(read_only=True) as session:
        rows = await session.execute(
            kit_tables.outbox.select().where(kit_tables.outbox.c.delivered_at.is_not(None))
        )
        count = len(rows.all())
    await db.dispose()
    return count


async def test_sigterm_finishes_in_flight_requests_and_the_relay_batch(
    pg_databases: Databases, jwks_file: str, tmp_path: Path, receiver: Receiver
):
    url = await pg_databases.new("tracking")
    await migrate("tracking", url)
    await queue_events(url, f"http://127.0.0.1:{receiver.server_port}/hook")
    env = service_env("tracking", url, {"JWKS_FILE": jwks_file}, EVIDENCE_DIR=str(tmp_path))
    process = ServiceProcess("tracking", env, tmp_path, app="tests.fault.slow_app:create_app")
    process.start()
    while not receiver.received:  # the relay's batch is under way
        await asyncio.sleep(0.01)
    async with httpx.AsyncClient(
        base_url=process.url, timeout=30, event_hooks=AS_THE_GATEWAY
    ) as client:
        slow = [asyncio.create_task(client.get("/test/slow")) for _ in range(5)]
        await asyncio.sleep(0.5)  # the requests are in flight
        exit_code = await asyncio.to_thread(process.signal, signal.SIGTERM)
        answers = await asyncio.gather(*slow)
    assert exit_code == 0, process.tail()
    assert [a.status_code for a in answers] == [200] * 5
    assert len(receiver.received) == EVENTS  # the batch under way was finished
    assert len(set(receiver.received)) == EVENTS
    assert await delivered(url) == EVENTS  # and recorded, so nothing is sent again
