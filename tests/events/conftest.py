"""Two real services linked by the real outbox relay: roadmaps delivers to tracking over an
in-process transport that a test can take down or make lose answers."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from roadmaps.config import RoadmapsSettings
from roadmaps.main import create_app as create_roadmaps
from tests.conftest import Databases, migrate, running, service_settings
from tracking.config import TrackingSettings
from tracking.main import create_app as create_tracking

TRACKING_EVENTS = "http://tracking/internal/events"


class FlakyLink(httpx.AsyncBaseTransport):
    """The network from roadmaps to tracking: ``up``, ``down`` (connection refused) or
    ``losing_answers`` (tracking gets the event, the relay never hears back)."""

    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.mode = "up"
        self.calls = 0
        self.sent: list[httpx.Request] = []  # what crossed the wire (body read)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        await request.aread()
        self.sent.append(request)
        if self.mode == "down":
            raise httpx.ConnectError("tracking no responde", request=request)
        response = await self.inner.handle_async_request(request)
        if self.mode == "losing_answers":
            await response.aread()
            raise httpx.ReadTimeout("se perdió la respuesta", request=request)
        return response


@dataclass
class Linked:
    roadmaps: httpx.AsyncClient
    tracking: httpx.AsyncClient
    link: FlakyLink

    @property
    def relay(self) -> Any:
        return self.roadmaps.app.state.relay  # type: ignore[attr-defined]


async def new_database(databases: Databases, service: str) -> str:
    url = await databases.new(service)
    await migrate(service, url)
    return url


@pytest.fixture
def start_linked(databases: Databases, jwks_file: str) -> Callable[..., Any]:
    """``async with start_linked(roadmaps_url=None) as linked``: both apps running;
    ``roadmaps`` / ``tracking``: settings of either app (its event keys …)."""

    @asynccontextmanager
    async def start(
        roadmaps_url: str | None = None,
        *,
        roadmaps: dict[str, Any] | None = None,
        tracking: dict[str, Any] | None = None,
    ) -> AsyncIterator[Linked]:
        roadmaps_url = roadmaps_url or await new_database(databases, "roadmaps")
        tracking_url = await new_database(databases, "tracking")
        tracking_app = create_tracking(
            service_settings(TrackingSettings, tracking_url, jwks_file, **(tracking or {}))
        )
        link = FlakyLink(tracking_app)
        settings = service_settings(
            RoadmapsSettings,
            roadmaps_url,
            jwks_file,
            **({"event_destinations": {"tracking": "http://tracking"}} | (roadmaps or {})),
        )
        roadmaps_app = create_roadmaps(settings, http_transport=link)
        async with running(tracking_app) as to_tracking, running(roadmaps_app) as to_roadmaps:
            to_roadmaps.app = roadmaps_app  # type: ignore[attr-defined]
            to_tracking.app = tracking_app  # type: ignore[attr-defined]
            yield Linked(roadmaps=to_roadmaps, tracking=to_tracking, link=link)

    return start


async def outbox_rows(app: Any) -> list[dict[str, Any]]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        return [dict(r._mapping) for r in await session.exec(select(table).order_by(table.c.seq))]


async def inbox_ids(app: Any) -> list[str]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].inbox
        return list((await session.exec(select(table.c.event_id))).scalars())


async def make_due(app: Any) -> None:
    """Skip the backoff wait: every pending event becomes due now."""
    async with app.state.db.transaction() as session:
        table = session.info["kit"].outbox
        await session.exec(
            update(table)
            .where(table.c.delivered_at.is_(None))
            .values(available_at=datetime.now(UTC) - timedelta(seconds=1))
        )
