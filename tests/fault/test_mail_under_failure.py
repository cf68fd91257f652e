"""Mail survives a stopped SMTP server: two gateway replicas (real uvicorn processes on one
PostgreSQL database) queue verification codes while the server is down; once it is back,
every queued message arrives exactly once (counted by Message-ID at the server)."""

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import KID, Databases, migrate
from tests.fault.processes import ServiceProcess, service_env
from tests.fault.test_events_under_failure import scalar
from tests.gateway.smtp import SmtpServer

MESSAGES = 12
DELIVERY_TIMEOUT_SECONDS = 60.0
PENDING = "SELECT count(*) FROM outbox_event WHERE destination LIKE 'mail:%' AND {}"


@pytest.fixture
async def gateways(
    pg_databases: Databases, signing_key: str, tmp_path: Path
) -> AsyncIterator[tuple[list[ServiceProcess], SmtpServer, str]]:
    url = await pg_databases.new("gateway")
    await migrate("gateway", url)
    smtp = SmtpServer()
    env = service_env(
        "gateway", url, {"SIGNING_KEY_PEM": signing_key, "SIGNING_KEY_ID": KID},
        EVENT_DESTINATIONS="{}", SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp.port),
        SMTP_STARTTLS="false", SMTP_TIMEOUT="5", MAIL_RETRY_CAP_SECONDS="1",
        REGISTER_LIMIT_PER_IP="1000/hour",
    )  # fmt: skip
    replicas = [ServiceProcess(f"gateway-{i}", env, tmp_path, app="gateway") for i in (1, 2)]
    try:
        yield [r.start() for r in replicas], smtp, url
    finally:
        for replica in replicas:
            if replica.popen is not None:
                replica.stop()
        smtp.stop()


async def register(base_urls: list[str]) -> None:
    async def one(number: int) -> None:
        async with httpx.AsyncClient(base_url=base_urls[number % 2], timeout=30) as client:
            answer = await client.post(
                "/api/v1/auth/register",
                json={
                    "email": f"persona{number}@example.com",
                    "password": "Ahuehuete-Sol-2026",
                    "display_name": f"Persona {number}",
                    "privacy_notice_version": "2026-01",
                    "privacy_purposes": ["participation"],
                },
            )
            assert answer.status_code == 201, answer.text

    await asyncio.gather(*(one(n) for n in range(MESSAGES)))


async def test_mail_queued_while_smtp_is_down_arrives_exactly_once(gateways):
    replicas, smtp, url = gateways
    await register([r.url for r in replicas])  # the SMTP server is not running yet
    await asyncio.sleep(2.0)  # both relays try, fail and back off meanwhile
    assert await scalar(url, PENDING.format("delivered_at IS NULL")) == MESSAGES
    assert await scalar(url, PENDING.format("attempts > 0")) >= 1
    assert await scalar(url, PENDING.format("failed_at IS NOT NULL")) == 0

    smtp.start()  # back, on the same port
    deadline = time.monotonic() + DELIVERY_TIMEOUT_SECONDS
    while len(smtp.received) < MESSAGES and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(2.0)  # room for a duplicate to show up
    ids = Counter(m["Message-ID"] for m in smtp.received)
    assert len(ids) == MESSAGES
    assert set(ids.values()) == {1}, "a message was delivered twice"
    recipients = sorted(m["To"] for m in smtp.received)
    assert recipients == sorted(f"persona{n}@example.com" for n in range(MESSAGES))
    assert await scalar(url, PENDING.format("delivered_at IS NULL")) == 0
