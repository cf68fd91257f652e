"""Events survive a stopped or killed consumer: roadmaps and tracking as real uvicorn
processes on PostgreSQL, 100 commitments published (``roadmaps.commitment.published.v1``,
create + publish per commitment: far cheaper than 100 full roadmap workflows, and the same
outbox, relay and inbox path), counted in SQL on both sides."""

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from kit.settings import DEV_GATEWAY_SECRET
from tests.conftest import Databases, as_the_gateway, migrate
from tests.fault.processes import ServiceProcess, destinations, free_port, service_env

# Services answer only the gateway: these calls are made as the gateway would make them.
AS_THE_GATEWAY = {"request": [as_the_gateway(DEV_GATEWAY_SECRET)]}

COMMITMENTS = 100
TOPIC = "roadmaps.commitment.published.v1"
DELIVERY_TIMEOUT_SECONDS = 60.0


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def scalar(url: str, sql: str, *args: Any) -> Any:
    conn = await asyncpg.connect(_dsn(url))
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


class Pair:
    """Roadmaps (producer) and tracking (consumer) processes on their own databases."""

    def __init__(self, roadmaps: ServiceProcess, tracking: ServiceProcess, urls: dict) -> None:
        self.roadmaps, self.tracking, self.urls = roadmaps, tracking, urls

    async def tracked(self) -> int:
        return await scalar(self.urls["tracking"], "SELECT count(*) FROM tracked_commitment")

    async def wait_tracked(self, expected: int) -> int:
        deadline = time.monotonic() + DELIVERY_TIMEOUT_SECONDS
        count = await self.tracked()
        while count < expected and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            count = await self.tracked()
        return count

    async def assert_exactly_once(self) -> None:
        tracking, roadmaps = self.urls["tracking"], self.urls["roadmaps"]
        assert await self.tracked() == COMMITMENTS
        inbox = "SELECT count(*) FROM inbox_event WHERE topic = $1"
        assert await scalar(tracking, inbox, TOPIC) == COMMITMENTS  # one effect per event id
        dupes = (
            "SELECT count(*) FROM (SELECT number FROM tracked_commitment"
            " GROUP BY number HAVING count(*) > 1) d"
        )
        assert await scalar(tracking, dupes) == 0
        pending = "SELECT count(*) FROM outbox_event WHERE delivered_at IS NULL"
        assert await scalar(roadmaps, pending) == 0


@pytest.fixture
async def pair(pg_databases: Databases, jwks_file: str, tmp_path: Path) -> AsyncIterator[Pair]:
    urls = {name: await pg_databases.new(name) for name in ("roadmaps", "tracking")}
    for name, url in urls.items():
        await migrate(name, url)
    auth = {"JWKS_FILE": jwks_file}
    tracking_port = free_port()
    tracking = ServiceProcess(
        "tracking",
        service_env("tracking", urls["tracking"], auth, EVIDENCE_DIR=str(tmp_path / "ev")),
        tmp_path,
        port=tracking_port,
    )
    roadmaps_env = service_env(
        "roadmaps",
        urls["roadmaps"],
        auth,
        EVENT_DESTINATIONS=destinations(tracking=f"http://127.0.0.1:{tracking_port}"),
    )
    roadmaps = ServiceProcess("roadmaps", roadmaps_env, tmp_path)
    result = Pair(roadmaps, tracking, urls)
    try:
        yield result
    finally:
        for process in (roadmaps, tracking):
            if process.popen is not None:
                process.stop()


async def publish_commitments(base_url: str, headers: dict[str, str]) -> None:
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, timeout=30, event_hooks=AS_THE_GATEWAY
    ) as client:

        async def one(number: int) -> None:
            body = {
                "plan_code": "MX-FAULT",
                "number": number,
                "slug": f"compromiso-{number}",
                "title": f"Compromiso de prueba {number}",
                "problem": "Un problema público.",
                "lead_institutions": ["Secretaría de la Función Pública"],
                "cso_coresponsible": ["Transparencia Mexicana"],
            }
            created = await client.post("/commitments", json=body)
            assert created.status_code == 201, created.text
            published = await client.post(f"/commitments/{created.json()['id']}/publish")
            assert published.status_code == 200, published.text

        for start in range(1, COMMITMENTS + 1, 20):
            await asyncio.gather(*(one(n) for n in range(start, min(start + 20, 101))))


async def test_published_while_tracking_is_stopped_arrive_exactly_once(
    pair: Pair, token_for: Callable[..., dict[str, str]]
):
    pair.roadmaps.start()
    await publish_commitments(pair.roadmaps.url, token_for("committee", sub="sfp-1"))
    await asyncio.sleep(1.0)  # the relay tries, fails and backs off meanwhile
    pending = "SELECT count(*) FROM outbox_event WHERE delivered_at IS NULL"
    assert await scalar(pair.urls["roadmaps"], pending) == COMMITMENTS
    failed = "SELECT count(*) FROM outbox_event WHERE attempts > 0"
    assert await scalar(pair.urls["roadmaps"], failed) >= 1

    pair.tracking.start()
    assert await pair.wait_tracked(COMMITMENTS) == COMMITMENTS
    await asyncio.sleep(1.0)  # let the relay record the last acknowledgements
    await pair.assert_exactly_once()


async def test_tracking_killed_mid_batch_loses_and_doubles_nothing(
    pair: Pair, token_for: Callable[..., dict[str, str]]
):
    pair.roadmaps.start()
    await publish_commitments(pair.roadmaps.url, token_for("committee", sub="sfp-1"))
    pair.tracking.start()
    while (await pair.tracked()) < 10:
        await asyncio.sleep(0.01)
    assert pair.tracking.kill() == -9  # SIGKILL while the relay is delivering the batch
    received_before_kill = await pair.tracked()
    assert received_before_kill < COMMITMENTS, "the batch finished before the kill"

    pair.tracking.start()
    assert await pair.wait_tracked(COMMITMENTS) == COMMITMENTS
    await asyncio.sleep(1.0)
    await pair.assert_exactly_once()
