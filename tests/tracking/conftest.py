"""Tracking fixtures: a migrated database, the app on it, and signed event deliveries."""

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from kit import signing
from tests.conftest import INTERNAL_SECRET, Databases, migrate, running, service_settings
from tracking.config import TrackingSettings
from tracking.main import create_app

TOPIC = "roadmaps.commitment.published.v1"


@pytest.fixture
async def tracking(databases: Databases, jwks_file: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the tracking app (the app itself is ``client.app``)."""
    url = await databases.new("tracking")
    await migrate("tracking", url)
    app = create_app(service_settings(TrackingSettings, url, jwks_file))
    async with running(app) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


def published_event(commitment_id: str, number: int = 1, **payload: Any) -> dict[str, Any]:
    """A ``roadmaps.commitment.published.v1`` event as the roadmaps relay sends it."""
    body = {
        "commitment_id": commitment_id,
        "plan_code": "MX-4PA",
        "number": number,
        "slug": f"compromiso-{number}",
        "title": f"Compromiso {number}",
        "problem": "Un problema público.",
        "summary": "Un resumen.",
        "lead_institutions": ["Secretaría de la Función Pública (SFP)"],
        "cso_coresponsible": ["Transparencia Mexicana"],
        "published_at": datetime.now(UTC).isoformat(),
    }
    return {
        "id": uuid.uuid4().hex,
        "topic": TOPIC,
        "source": "roadmaps",
        "occurred_at": datetime.now(UTC).isoformat(),
        "payload": body | payload,
    }


async def deliver(
    client: httpx.AsyncClient, event: dict[str, Any], secret: str = INTERNAL_SECRET
) -> httpx.Response:
    body = json.dumps(event).encode()
    headers = {
        "content-type": "application/json",
        signing.SIGNATURE_HEADER: signing.sign(secret, body),
    }
    return await client.post("/internal/events", content=body, headers=headers)
