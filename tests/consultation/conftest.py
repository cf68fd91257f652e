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
    destinations = {
        "roadmaps": "http://roadmaps.test",
        "gateway": "http://gateway.test",
        "tracking": "http://tracking.test",
    }
    settings = service_settings(
        ConsultationSettings, url, jwks_file, event_destinations=destinations
    )
    app = create_app(settings)
    async with running(app) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


# --- topics and votes -----------------------------------------------------------------
import uuid  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import Any  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from consultation.processes.phases import mexico_city_today  # noqa: E402


def mx_today() -> date:
    from datetime import datetime

    return datetime.now(ZoneInfo("America/Mexico_City")).date()


def topic_body(process_id: str, /, **changes: Any) -> dict[str, Any]:
    body = {
        "process_id": process_id,
        "title": "Agua potable en comunidades rurales",
        "problem": "Las comunidades de la sierra no saben cuánto se invierte en su agua potable.",
        "affected": "Habitantes de localidades rurales",
        "solution": "Publicar en datos abiertos las obras de agua por localidad y su avance.",
        "area": "fiscal_openness",
        "sdg_tags": ["6", "6.1"],
        "state_code": "20",
    }
    return body | changes


@pytest.fixture
def citizen(token_for) -> Callable[..., dict[str, str]]:
    """A verified citizen with a stable person key: ``citizen("ana")``."""

    def make(name: str | None = None, **claims: Any) -> dict[str, str]:
        name = name or uuid.uuid4().hex[:10]
        claims = {"email_verified": True, "voter_key": f"vk-{name}", "name": name} | claims
        return token_for("citizen", sub=f"acct-{name}", **claims)

    return make


@pytest.fixture
async def process_id(consultation, token_for) -> str:
    """A process whose consultation runs from 7 days ago to 13 days ahead, followed by
    the other phases; open_feedback opens 60 days from now."""
    start = mx_today() - timedelta(days=7)
    spans = [("consultation", 21), ("systematization", 7), ("cocreation_tables", 28)]
    spans += [("roadmaps", 21), ("open_feedback", 14)]
    phases = []
    for key, length in spans:
        end = start + timedelta(days=length - 1)
        phases.append({"key": key, "starts_on": start.isoformat(), "ends_on": end.isoformat()})
        start = end + timedelta(days=1)
    body = {"plan_code": "MX-5PA", "title": "Quinto Plan de Acción", "phases": phases}
    response = await consultation.post("/processes", json=body, headers=token_for("committee"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.fixture
def set_today(consultation) -> Callable[[date], None]:
    """Stand the app on another day (Mexico City)."""

    def move(day: date) -> None:
        consultation.app.state.clock = lambda: day

    yield move
    consultation.app.state.clock = mexico_city_today


async def propose(client, headers, process_id: str, **changes: Any) -> dict[str, Any]:
    response = await client.post("/topics", json=topic_body(process_id, **changes), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()
