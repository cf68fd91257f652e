"""Consultation fixtures: a migrated database and the app on it, driven in-process."""

from collections.abc import AsyncIterator

import httpx
import pytest

from consultation.config import ConsultationSettings
from consultation.main import create_app
from tests.conftest import Databases, migrate, running, service_settings


@pytest.fixture
async def consultation(databases: Databases, jwks_file: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the consultation app (the app itself is ``client.app``)."""
    url = await databases.new("consultation")
    await migrate("consultation", url)
    app = create_app(service_settings(ConsultationSettings, url, jwks_file))
    async with running(app) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client
