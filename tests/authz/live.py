"""What the authorization and abuse suites share about the live stack: who is calling
(real tokens), where a service's traffic is counted (its ``/metrics``), SQL on a service's
database, and the objects the object-level probes need (a topic)."""

import asyncio
import re
import time
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from tests.fault.stack import Stack

NEXT_PLAN = "MX-5PA"  # the demo's process whose consultation is open today
# Routes a service answers without a caller asking: events, scrapes, the gateway's docs.
BACKGROUND_ROUTES = {"/internal/events", "/metrics", "/healthz", "/openapi.json"}
_SAMPLE = re.compile(r"^cocrea_http_requests_total\{(.*)\} (\S+)$", re.M)
_LABEL = re.compile(r'(\w+)="([^"]*)"')


def citizen(token_for: Callable[..., dict[str, str]], sub: str) -> dict[str, str]:
    """A verified citizen whose person key is their own (one vote per topic each)."""
    return token_for("citizen", sub=sub, email_verified=True, voter_key=f"vk-{sub}", name=sub)


async def served(stack: Stack, service: str) -> int:
    """Requests a service has answered for callers (background traffic left out)."""
    async with httpx.AsyncClient(timeout=10) as client:
        text = (await client.get(stack.services[service].url + "/metrics")).text
    total = 0.0
    for labels, value in _SAMPLE.findall(text):
        if dict(_LABEL.findall(labels)).get("route") not in BACKGROUND_ROUTES:
            total += float(value)
    return int(total)


async def sql(stack: Stack, service: str, query: str, *args: Any) -> Any:
    """One value from a service's own database."""
    dsn = make_url(stack.urls[service]).set(drivername="postgresql")
    conn = await asyncpg.connect(dsn.render_as_string(hide_password=False))
    try:
        return await conn.fetchval(query, *args)
    finally:
        await conn.close()


async def open_process_id(gateway: httpx.AsyncClient) -> str:
    answer = await gateway.get("/api/v1/consultation/processes")
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"] if isinstance(answer.json(), dict) else answer.json()
    return next(p["id"] for p in items if p["plan_code"] == NEXT_PLAN)


def topic_body(process_id: str, title: str) -> dict[str, Any]:
    return {
        "process_id": process_id,
        "title": title,
        "problem": "Las comunidades no saben cuánto se invierte en su agua potable.",
        "affected": "Habitantes de localidades rurales",
        "solution": "Publicar en datos abiertos las obras de agua por localidad.",
        "area": "fiscal_openness",
        "sdg_tags": ["6"],
        "state_code": "20",
    }


async def new_topic(
    gateway: httpx.AsyncClient, headers: dict[str, str], process_id: str, title: str
) -> dict[str, Any]:
    created = await gateway.post(
        "/api/v1/consultation/topics", json=topic_body(process_id, title), headers=headers
    )
    assert created.status_code == 201, created.text
    return created.json()


async def eventually(probe: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Poll ``probe`` (async, returns a truthy value when done) until the events arrive."""
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.2)
