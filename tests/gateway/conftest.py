"""Gateway fixtures: a migrated gateway database and the app signing with the test key,
so the tokens it issues verify in services configured with the session ``jwks_file``."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from gateway.config import GatewaySettings
from gateway.main import create_app
from tests.conftest import INTERNAL_SECRET, KID, Databases, migrate, running


def gateway_settings(database_url: str, signing_key: str, tmp_path, **overrides: Any):
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "signing_key_pem": signing_key,
        "signing_key_id": KID,
        "internal_secret": INTERNAL_SECRET,
        "mail_dir": str(tmp_path / "mail"),
        "email_verification_required": True,
    }
    values.update(overrides)
    return GatewaySettings(**values)


@pytest.fixture
def start_gateway(databases: Databases, signing_key: str, tmp_path) -> Callable[..., Any]:
    """``async with start_gateway(service_transport=..., **settings) as client``."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def start(
        service_transport: httpx.AsyncBaseTransport | None = None, **overrides: Any
    ) -> AsyncIterator[httpx.AsyncClient]:
        url = await databases.new("gateway")
        await migrate("gateway", url)
        settings = gateway_settings(url, signing_key, tmp_path, **overrides)
        app = create_app(settings, service_transport=service_transport)
        async with running(app) as client:
            client.app = app  # type: ignore[attr-defined]
            yield client

    return start
