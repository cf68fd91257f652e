"""A fake gateway (``httpx.MockTransport``) serving the real 4th plan's data."""

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from frontend.config import FrontendSettings
from frontend.main import create_app
from tests.conftest import ROOT, running

GATEWAY = "http://gateway.test"
PLAN = json.loads((ROOT / "data" / "pa4-mexico-2019-2022.json").read_text(encoding="utf-8"))


def process_document() -> dict[str, Any]:
    """The 4th plan's process as the consultation service lists it (no status: dates decide)."""
    phases = [
        {
            "key": p["key"],
            "name_es": p["name_es"],
            "order": p["order"],
            "starts_on": p.get("starts_on"),
            "ends_on": p.get("ends_on"),
        }
        for p in PLAN["process_phases"]
    ]
    return {"id": "p-4pa", "plan_code": "MX-4PA", "title": PLAN["plan"]["title"], "phases": phases}


def open_process_document() -> dict[str, Any]:
    """A later process whose consultation is open, with the statuses the service computes."""
    return {
        "id": "p-5pa",
        "plan_code": "MX-5PA",
        "title": "Quinto Plan de Acción de México",
        "starts_on": "2026-11-14",
        "ends_on": "2029-02-11",
        "phases": [
            {"key": "consultation", "order": 1, "name_es": "Consulta de temas",
             "starts_on": "2026-11-14", "ends_on": "2026-12-04", "status": "open"},
            {"key": "systematization", "order": 2, "name_es": "Sistematización",
             "starts_on": "2026-12-05", "ends_on": "2026-12-11", "status": "upcoming"},
        ],
    }  # fmt: skip


def commitment_documents() -> list[dict[str, Any]]:
    return [
        {
            "id": f"c{c['number']}",
            "plan_code": "MX-4PA",
            "number": c["number"],
            "slug": c["slug"],
            "title": c["title"],
            "summary": c.get("summary") or "",
            "status": "published",
            "lead_institutions": c.get("lead_institutions") or [],
            "cso_coresponsible": [],
        }
        for c in PLAN["commitments"]
    ]


class FakeGateway:
    """Answers like the gateway; records every request; pages commitments 10 at a time."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.failing: set[str] = set()  # path prefixes answered with 502
        self.processes = [process_document(), open_process_document()]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if any(path.startswith(prefix) for prefix in self.failing):
            return httpx.Response(
                502, json={"error": {"code": "service_unavailable", "message": "No disponible"}}
            )
        if path == "/api/v1/consultation/processes":
            return httpx.Response(200, json={"items": self.processes, "next_cursor": None})
        if path.startswith("/api/v1/consultation/processes/"):
            wanted = path.rsplit("/", 1)[1]
            found = [p for p in [process_document(), open_process_document()] if p["id"] == wanted]
            if found:
                return httpx.Response(200, json=found[0])
        if path == "/api/v1/roadmaps/commitments":
            plan = request.url.params.get("plan_code")
            items = [c for c in commitment_documents() if c["plan_code"] == plan]
            start = int(request.url.params.get("cursor") or 0)
            page = items[start : start + 10]
            next_cursor = str(start + 10) if start + 10 < len(items) else None
            return httpx.Response(200, json={"items": page, "next_cursor": next_cursor})
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "No existe"}})


@pytest.fixture
def fake_gateway() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def start_frontend() -> Callable[..., Any]:
    """``async with start_frontend(handler) as client``: the website over a fake network."""

    @asynccontextmanager
    async def start(
        handler: Callable[[httpx.Request], httpx.Response], **overrides: Any
    ) -> AsyncIterator[Any]:
        settings = FrontendSettings(
            environment="test", gateway_url=GATEWAY, access_log=False, **overrides
        )
        app = create_app(settings, gateway_transport=httpx.MockTransport(handler))
        async with running(app) as client:
            yield client

    return start
