"""An agency integrates with a client it generated itself (issue 16, item 2).

The real stack (tests/fault/stack.py: gateway + services as uvicorn processes on fresh
PostgreSQL databases with the demo data). openapi-python-client generates a client from the
stack's merged ``/api/v1/openapi.json`` with no warning, and every call of the flow goes
through that generated client: an admin registers the agency's API client; the agency gets
a token by client credentials, lists commitments, reads a plan's dashboard, registers a
webhook on a receiver this test runs on loopback (allowed outside production,
``TRACKING_WEBHOOK_ALLOW_PRIVATE_TARGETS``), pushes a progress update with
``tracking:progress`` (and is refused without it); the group's civil society and the
Committee validate it, and the receiver gets the signed delivery, checked here from the
documented scheme (docs/EVENTS.md), as an agency would, not with ``kit.signing``.

Only the working group and its roadmap (the Committee's earlier work, not the agency's) are
prepared with the roadmaps tests' helper.
"""

import asyncio
import hashlib
import hmac
import importlib
import json
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.authz.live import eventually, sql
from tests.fault.stack import Stack, start_stack
from tests.gateway.test_openapi import CLIENT_CONFIG
from tests.roadmaps.workspace import CSO, MEMBERS, open_group

PACKAGE = "cocrea_agency_client"
PLAN = "MX-4PA"
ADMIN = "adm-agencia"
TOLERANCE_SECONDS = 300  # the documented replay bound of a signature


@pytest.fixture(scope="module")
async def stack(tmp_path_factory: Any, jwks_file: str, signing_key: str) -> AsyncIterator[Stack]:
    async for running in start_stack(tmp_path_factory.mktemp("agency"), jwks_file, signing_key):
        yield running


@pytest.fixture(scope="module")
async def api(stack: Stack, tmp_path_factory: Any) -> ModuleType:
    """The package openapi-python-client generates from the live merged document."""
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as client:
        answer = await client.get("/api/v1/openapi.json")
    assert answer.status_code == 200, answer.text
    assert "x-unavailable-services" not in answer.json()
    where = tmp_path_factory.mktemp("generated")
    (where / "openapi.json").write_text(answer.text)
    (where / "client.yaml").write_text(CLIENT_CONFIG)
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [
            str(generator), "generate", "--path", str(where / "openapi.json"),
            "--config", str(where / "client.yaml"), "--meta", "none",
            "--output-path", str(where / PACKAGE),
        ],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(where))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))


def operation(api: ModuleType, name: str) -> ModuleType:
    """The generated module of one operation (``api/<tag>/<name>.py``), whatever its tag."""
    found = list((Path(api.__file__).parent / "api").glob(f"*/{name}.py"))
    assert len(found) == 1, (name, found)
    return importlib.import_module(f"{PACKAGE}.api.{found[0].parent.name}.{name}")


def model(api: ModuleType, name: str, data: dict[str, Any]) -> Any:
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name).from_dict(data)


async def call(api: ModuleType, name: str, client: Any, **kwargs: Any) -> Any:
    return await operation(api, name).asyncio_detailed(client=client, **kwargs)


def error_code(response: Any) -> str:
    return json.loads(response.content)["error"]["code"]


class Receiver:
    """An agency's webhook endpoint on loopback: keeps each delivery's headers and body."""

    def __init__(self) -> None:
        self.deliveries: list[tuple[dict[str, str], bytes]] = []
        received = self.deliveries

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cocrea"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    thread = threading.Thread(target=running.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.server.shutdown()
        running.server.server_close()


def signature_is_valid(secret: str, body: bytes, header: str | None) -> bool:
    """docs/EVENTS.md: ``X-Cocrea-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">``
    with the webhook's secret; a timestamp older than the replay bound is refused."""
    try:
        fields = dict(part.split("=", 1) for part in (header or "").split(","))
        timestamp, given = int(fields["t"]), fields["v1"]
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > TOLERANCE_SECONDS:
        return False
    signed = f"{timestamp}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given)


async def _admin_row(stack: Stack) -> None:
    """The gateway's own routes read the admin's account, so it is a real row."""
    await sql(
        stack,
        "gateway",
        "INSERT INTO user_account (id, email, display_name, must_change_password, role,"
        " is_active, privacy_purposes, mfa_last_step, created_at, updated_at)"
        " VALUES ($1, $2, 'Administración', false, 'admin', true,"
        " '[]', 0, now(), now()) ON CONFLICT DO NOTHING RETURNING id",
        ADMIN,
        f"{ADMIN}@cocrea.example",
    )


async def _tracked_activity(stack: Stack, token_for: Callable, members: dict) -> tuple[str, str]:
    """A published roadmap whose group has the agency's client among its government
    members, once tracking knows it: ``(commitment_id, activity_id)``."""
    async with httpx.AsyncClient(base_url=f"{stack.url}/api/v1/roadmaps", timeout=30) as client:
        group = await open_group(client, token_for, 96, members=members)
        await group.publish()

    async def known() -> list[str]:
        query = "SELECT count(*) FROM working_group_member WHERE commitment_id = $1 AND active"
        if await sql(stack, "tracking", query, group.commitment_id) < len(members):
            return []
        query = "SELECT min(activity_id) FROM activity WHERE commitment_id = $1 AND current"
        found = await sql(stack, "tracking", query, group.commitment_id)
        return [found] if found else []

    activity = await eventually(known)
    assert activity, "the published roadmap and its group never reached tracking"
    return group.commitment_id, activity[0]


async def test_an_agency_integrates_with_a_generated_client(
    stack: Stack, api: ModuleType, token_for: Callable, receiver: Receiver
):
    def as_person(role: str, sub: str) -> Any:
        token = token_for(role, sub=sub)["Authorization"].removeprefix("Bearer ")
        return api.AuthenticatedClient(base_url=stack.url, token=token, timeout=httpx.Timeout(30))

    anonymous = api.Client(base_url=stack.url, timeout=httpx.Timeout(30))
    await _admin_row(stack)
    admin = as_person("admin", ADMIN)

    # An admin registers the agency's API client; the secret is shown once.
    scopes = ["tracking:progress", "tracking:webhooks"]
    body = {"name": "Tablero SESNA", "organization": "SESNA", "scopes": scopes}
    created = await call(api, "create_client", admin, body=model(api, "ClientCreate", body))
    assert created.status_code == 201, created.content
    client_id, secret = created.parsed.client_id, created.parsed.client_secret

    async def agency_token(scope: str) -> Any:
        form = {"grant_type": "client_credentials", "client_id": client_id}
        form |= {"client_secret": secret, "scope": scope}
        body = model(api, "ClientTokenForm", form)
        answer = await call(api, "client_token", anonymous, body=body)
        assert answer.status_code == 200, answer.content
        assert set(answer.parsed.scope.split()) == set(scope.split())
        return api.AuthenticatedClient(
            base_url=stack.url, token=answer.parsed.access_token, timeout=httpx.Timeout(30)
        )

    agency = await agency_token(" ".join(scopes))
    webhooks_only = await agency_token("tracking:webhooks")

    # The Committee made the agency's client a government member of a working group.
    members = MEMBERS | {client_id: ("Tablero SESNA", "government", "member")}
    commitment_id, activity_id = await _tracked_activity(stack, token_for, members)

    # It reads public data with its token.
    listed = await call(api, "list_commitments", agency, plan_code=PLAN, limit=100)
    assert listed.status_code == 200, listed.content
    assert commitment_id in {item.id for item in listed.parsed.items}
    dashboard = await call(api, "get_dashboard", agency, plan_code=PLAN)
    assert dashboard.status_code == 200, dashboard.content

    # It subscribes to published progress.
    hook = model(
        api,
        "WebhookCreate",
        {"url": receiver.url, "topics": ["tracking.update.published.v1"]},
    )
    webhook = await call(api, "create_webhook", agency, body=hook)
    assert webhook.status_code == 201, webhook.content
    webhook_secret = webhook.parsed.secret

    # Progress needs ``tracking:progress``: refused without it, accepted with it.
    update = {"activity_id": activity_id, "new_status": "en_proceso", "narrative": "Avance."}
    update |= {"links": ["https://sesna.gob.mx/avance"]}
    refused = await call(
        api, "submit_update", webhooks_only,
        commitment_id=commitment_id, body=model(api, "UpdateCreate", update),
    )  # fmt: skip
    assert refused.status_code == 403, refused.content
    assert error_code(refused) == "insufficient_scope"
    submitted = await call(
        api, "submit_update", agency,
        commitment_id=commitment_id, body=model(api, "UpdateCreate", update),
    )  # fmt: skip
    assert submitted.status_code == 201, submitted.content
    update_id = submitted.parsed.id
    assert receiver.deliveries == []  # pending: nothing is published yet

    # Dual validation: the group's civil society, then the Committee (both with MFA).
    approve = model(api, "Validation", {"decision": "approve"})
    for person in (as_person("cso", CSO), as_person("committee", "sfp-comite")):
        validated = await call(api, "validate_update", person, update_id=update_id, body=approve)
        assert validated.status_code == 200, validated.content
    published = await call(api, "get_update", anonymous, update_id=update_id)
    assert published.status_code == 200 and published.parsed.state == "published"

    async def delivered() -> bool:
        await asyncio.sleep(0)
        return bool(receiver.deliveries)

    assert await eventually(delivered, timeout=60), "no webhook delivery arrived"
    headers, body_bytes = receiver.deliveries[0]
    envelope = json.loads(body_bytes)
    assert envelope["topic"] == "tracking.update.published.v1"
    assert envelope["payload"]["update_id"] == update_id
    signature = headers.get("x-cocrea-signature")
    assert signature_is_valid(webhook_secret, body_bytes, signature)
    tampered = body_bytes.replace(b"Avance.", b"Avance!")
    assert tampered != body_bytes
    assert not signature_is_valid(webhook_secret, tampered, signature)
    assert not signature_is_valid("otro-secreto", body_bytes, signature)
