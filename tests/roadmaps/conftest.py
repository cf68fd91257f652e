"""Roadmaps fixtures: a migrated database and the app on it, driven in-process."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from roadmaps.config import RoadmapsSettings
from roadmaps.main import create_app
from tests.conftest import Databases, migrate, running, service_settings


@pytest.fixture
def start_roadmaps(databases: Databases, jwks_file: str) -> Callable[..., Any]:
    """``async with start_roadmaps(**settings) as client`` (the app is ``client.app``)."""

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        url = await databases.new("roadmaps")
        await migrate("roadmaps", url)
        app = create_app(service_settings(RoadmapsSettings, url, jwks_file, **overrides))
        async with running(app) as client:
            client.app = app  # type: ignore[attr-defined]
            yield client

    return start


@pytest.fixture
async def roadmaps(start_roadmaps: Callable[..., Any]) -> AsyncIterator[httpx.AsyncClient]:
    async with start_roadmaps() as client:
        yield client
