"""Tracking fixtures: a migrated database, the app on it, and signed event deliveries."""

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from moto.server import ThreadedMotoServer

from kit.event_signing import producer_of
from tests.conftest import Databases, migrate, running, service_settings, signed_event
from tracking.config import TrackingSettings
from tracking.main import create_app
from tracking.updates.s3store import s3_client

TOPIC = "roadmaps.commitment.published.v1"


@pytest.fixture
def start_tracking(databases: Databases, jwks_file: str, tmp_path):
    """``async with start_tracking(**settings) as client``: a fresh database each time."""

    @asynccontextmanager
    async def start(
        http_transport: httpx.AsyncBaseTransport | None = None, **overrides: Any
    ) -> AsyncIterator[httpx.AsyncClient]:
        url = await databases.new("tracking")
        await migrate("tracking", url)
        values = {"evidence_dir": str(tmp_path / "evidence"), "evidence_max_bytes": 64 * 1024}
        settings = service_settings(TrackingSettings, url, jwks_file, **(values | overrides))
        app = create_app(settings, http_transport=http_transport)
        async with running(app) as client:
            client.app = app  # type: ignore[attr-defined]
            yield client

    return start


@pytest.fixture
async def tracking(start_tracking) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the tracking app (the app itself is ``client.app``)."""
    async with start_tracking() as client:
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


async def deliver(client: httpx.AsyncClient, event: dict[str, Any]) -> httpx.Response:
    """Post ``event`` signed with the key of the producer it names."""
    body = json.dumps(event).encode()
    headers = signed_event(body, event["source"])
    return await client.post("/internal/events", content=body, headers=headers)


GOV, CSO, INAI = "gov-1", "cso-1", "inai-1"
MEMBERS = [
    {
        "account_id": GOV,
        "name": "Ana Gobierno",
        "sector": "government",
        "group_role": "responsible_public_servant",
        "organization": "Semarnat",
    },
    {
        "account_id": "gov-2",
        "name": "Beto Gobierno",
        "sector": "government",
        "group_role": "member",
        "organization": "Conagua",
    },
    {
        "account_id": CSO,
        "name": "Carla OSC",
        "sector": "cso",
        "group_role": "responsible_cso_person",
        "organization": "Cartocrítica",
    },
    {
        "account_id": INAI,
        "name": "Dora INAI",
        "sector": "inai",
        "group_role": "member",
        "organization": "INAI",
    },
]


def event(topic: str, payload: dict[str, Any], occurred_at: datetime | None = None) -> dict:
    return {
        "id": uuid.uuid4().hex,
        "topic": topic,
        "source": producer_of(topic),
        "occurred_at": (occurred_at or datetime.now(UTC)).isoformat(),
        "payload": payload,
    }


def key_action(ka_id: str, weight: float, statuses_or_count, title: str | None = None) -> dict:
    """A key action with ``n`` activities ``<ka_id>-a1``…; pass an int or a list of ids."""
    ids = (
        [f"{ka_id}-a{i}" for i in range(1, statuses_or_count + 1)]
        if isinstance(statuses_or_count, int)
        else statuses_or_count
    )
    return {
        "key_action_id": ka_id,
        "order": 1,
        "title": title or f"Acción {ka_id}",
        "weight": weight,
        "activities": [
            {
                "activity_id": a,
                "order": i,
                "title": f"Actividad {a}",
                "start_date": "2020-01-15",
                "end_date": "2021-08-31",
                "indicator": "Documento publicado",
                "means_of_verification": "Enlace público",
            }
            for i, a in enumerate(ids, 1)
        ],
    }


def roadmap_event(
    commitment_id: str,
    number: int,
    key_actions: list[dict],
    *,
    version: int = 1,
    members: list[dict] | None = None,
    plan_code: str = "MX-4PA",
    occurred_at: datetime | None = None,
) -> dict:
    topic = "roadmaps.roadmap.published.v1" if version == 1 else "roadmaps.roadmap.amended.v1"
    payload = {
        "roadmap_id": f"rm-{commitment_id}",
        "commitment_id": commitment_id,
        "plan_code": plan_code,
        "commitment_number": number,
        "commitment_title": f"Compromiso {number}",
        "version": version,
        "published_at": "2019-12-01T12:00:00+00:00",
        "responsible_public_servant": {
            "account_id": GOV,
            "name": "Ana Gobierno",
            "organization": "Semarnat",
        },
        "responsible_cso_person": {
            "account_id": CSO,
            "name": "Carla OSC",
            "organization": "Cartocrítica",
        },
        "final_result": "Resultado final",
        "expected_products": ["Producto"],
        "indicators": ["Indicador"],
        "means_of_verification": ["Medio"],
        "start_date": "2020-01-01",
        "end_date": "2022-08-31",
        "members": MEMBERS if members is None else members,
        "key_actions": key_actions,
    }
    if version > 1:
        payload["amendment"] = {
            "justification": "Ajuste por COVID-19",
            "previous_version": version - 1,
        }
    return event(topic, payload, occurred_at)


async def tracked_commitment(
    client: httpx.AsyncClient,
    commitment_id: str = "c10",
    number: int = 10,
    key_actions: list[dict] | None = None,
) -> None:
    """A published commitment with a roadmap of two key actions (60/40, 2 + 1 activities)."""
    await deliver(client, published_event(commitment_id, number))
    kas = key_actions or [
        key_action(f"{commitment_id}-k1", 60, 2),
        key_action(f"{commitment_id}-k2", 40, 1),
    ]
    answer = await deliver(client, roadmap_event(commitment_id, number, kas))
    assert answer.json() == {"status": "processed"}, answer.text


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """A real S3-compatible server (moto in server mode) on a free loopback port."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def evidence_s3(s3_server: str, tmp_path) -> dict[str, Any]:
    """Tracking settings for the ``s3`` store on a fresh bucket of ``s3_server``."""
    values = {
        "evidence_store": "s3",
        "evidence_s3_bucket": f"evidence-{uuid.uuid4().hex[:12]}",
        "evidence_s3_endpoint_url": s3_server,
        "evidence_s3_region": "us-east-1",
        "evidence_s3_access_key_id": "test-access-key",
        "evidence_s3_secret_access_key": "test-secret-key",
        "evidence_spool_dir": str(tmp_path / "spool"),
    }
    s3_client(TrackingSettings(environment="test", **values)).create_bucket(
        Bucket=values["evidence_s3_bucket"]
    )
    return values
