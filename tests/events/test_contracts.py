"""Every event's payload fits its contract (libs/contracts), as the real producers build it.

The four processes run in-process, the services' real outbox relays carrying the events
between them, and drive flows that produce every topic of ``contracts.TOPICS``: MX-5PA's
demonstration cycle (as ``dev.py seed`` loads it), then a working-group member removed, a
self-assessment changed, an IRM assessment recorded and an account deleted. Each producer
also routes its own topics to a ``probe`` destination, so even a topic nobody subscribes to
yet leaves a row in its outbox. Every payload read back from the outbox tables is validated
against its contract model, one test per topic (a topic no flow produced fails, it is not
skipped), and against the model the consumer parses it into where a consumer is typed;
every delivery to a real consumer must have been accepted. And every topic a process
consumes (read from the app's own inbox) has a contract, and its handler is declared with
exactly that contract (``kit.inbox.Consumer``): a handler reading a dict fails.

Services are imported lazily by name (``<service>.main``, ``.config``, ``.events``,
``.demo``): their modules are being moved, and only these stay put.
"""

import asyncio
import importlib
from collections import defaultdict
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import select

import contracts
from contracts import TOPICS
from kit.inbox import handlers_of, payload_model
from tests.conftest import INTERNAL_SECRET, running, service_settings

SERVICES = ("consultation", "roadmaps", "tracking")
PROCESSES = ("gateway", *SERVICES)
SETTINGS = {
    "consultation": "ConsultationSettings",
    "roadmaps": "RoadmapsSettings",
    "tracking": "TrackingSettings",
}
# The first segment of each process's own topics (kit.event_signing.TOPIC_PRODUCERS).
OWN = {
    "gateway": "auth.",
    "consultation": "consultation.",
    "roadmaps": "roadmaps.",
    "tracking": "tracking.",
}
PROBE = "http://probe"
AGENCY = "http://agencia.example/cocrea"  # an agency's webhook
# Where each service delivers (real consumers, run in-process) besides the probe.
DESTINATIONS = {
    "consultation": {"roadmaps": "http://roadmaps", "tracking": "http://tracking"},
    "roadmaps": {"consultation": "http://consultation", "tracking": "http://tracking"},
    "tracking": {},
    "gateway": {name: f"http://{name}" for name in SERVICES},
}


def service_module(service: str, name: str) -> Any:
    return importlib.import_module(f"{service}.{name}")


class Network(httpx.AsyncBaseTransport):
    """The processes' addresses (``http://<name>``), each answered by its app in-process;
    any other host (the probe, an agency's webhook) accepts everything."""

    def __init__(self) -> None:
        self.apps: dict[str, httpx.ASGITransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        app = self.apps.get(request.url.host)
        if app is None:
            await request.aread()
            return httpx.Response(200, json={"status": "processed"})
        return await app.handle_async_request(request)


@dataclass
class Produced:
    payloads: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    refused: list[str] = field(default_factory=list)  # deliveries a consumer did not accept
    consumers: dict[str, dict[str, Any]] = field(default_factory=dict)  # process -> handlers


async def outbox_rows(app: Any) -> list[dict[str, Any]]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        return [dict(r._mapping) for r in await session.execute(select(table))]


async def seed_gateway(url: str, monkeypatch, tmp_path) -> None:
    """The gateway's real ``migrate`` and ``seed-demo-accounts``: the demo loaders' people."""
    from gateway import cli
    from kit.demo import ACCOUNTS_ENV

    monkeypatch.setenv("GATEWAY_DATABASE_URL", url)
    monkeypatch.setenv("GATEWAY_ENVIRONMENT", "test")
    monkeypatch.setenv("GATEWAY_INTERNAL_SECRET", INTERNAL_SECRET)
    monkeypatch.setenv("GATEWAY_MAIL_DIR", str(tmp_path / "mail"))
    path = tmp_path / "demo-accounts.json"
    assert await asyncio.to_thread(cli.main, ["migrate"]) == 0
    seed = ["seed-demo-accounts", "--accounts-file", str(path)]
    assert await asyncio.to_thread(cli.main, seed) == 0
    monkeypatch.setenv(ACCOUNTS_ENV, str(path))


async def load_demo(settings: dict[str, Any], apps: dict[str, Any]) -> None:
    """Every service's demo loader, then the relays of consultation and roadmaps (tracking
    sends only to the gateway and to webhooks), until the cycle waits for nothing."""
    for _ in range(6):
        waiting = []
        for service in SERVICES:
            _, waits = await service_module(service, "demo").load_demo(settings[service])
            waiting.append(waits)
        for service in ("consultation", "roadmaps"):
            await apps[service].state.relay.drain()
        if all(w is None for w in waiting):
            return
    pytest.fail(f"the demonstration cycle still waits: {waiting}")


async def member_joins_and_leaves(roadmaps: httpx.AsyncClient, committee: dict) -> None:
    """``roadmaps.working_group.member_added.v1`` and ``member_removed.v1``."""
    found = await roadmaps.get("/commitments", params={"plan_code": "MX-5PA"}, headers=committee)
    members = f"/commitments/{found.json()['items'][0]['id']}/working-group/members"
    member = {
        "account_id": "contract-member-1",
        "name": "Integrante de Paso",
        "sector": "academia",
        "group_role": "member",
        "organization": "UNAM",
    }
    added = await roadmaps.post(members, json=member, headers=committee)
    assert added.status_code == 201, added.text
    removed = await roadmaps.delete(f"{members}/{member['account_id']}", headers=committee)
    assert removed.status_code == 204, removed.text


async def committee_assesses(tracking: httpx.AsyncClient, committee: dict) -> None:
    """``tracking.commitment.status_changed.v1`` and ``tracking.irm_assessment.recorded.v1``
    (to the agency's webhook)."""
    board = (await tracking.get("/plans/MX-5PA/dashboard")).json()
    base = f"/commitments/{board['commitments'][0]['id']}"
    inactive = {
        "status": "inactive",
        "inactive_reason": "Las OSC corresponsables dejaron el grupo de trabajo.",
        "inactive_since": "2020-10-21",
    }
    changed = await tracking.put(f"{base}/self-assessment", json=inactive, headers=committee)
    assert changed.status_code == 200, changed.text
    irm = {
        "report_type": "design",
        "report_name": "Informe de diseño de México 2019-2021",
        "verifiable": True,
        "relevance": ["access_to_information", "civic_participation"],
        "potential_impact": "moderate",
    }
    recorded = await tracking.post(f"{base}/irm-assessments", json=irm, headers=committee)
    assert recorded.status_code == 201, recorded.text


async def person_leaves(gateway: httpx.AsyncClient) -> None:
    """``auth.account.deleted.v1``."""
    from tests.gateway.conftest import PASSWORD, AuthFlows, bearer

    flows = AuthFlows(gateway)
    await flows.register("borrame@example.com", name="Persona Que Se Va")
    me = bearer(await flows.tokens("borrame@example.com"))
    deleted = await gateway.request(
        "DELETE", "/api/v1/auth/me", json={"password": PASSWORD}, headers=me
    )
    assert deleted.status_code == 204, deleted.text


async def build_apps(databases, jwks_file, signing_key, tmp_path, monkeypatch, network):
    """The four processes on fresh databases (the gateway's seeded with the demo people),
    each producer also routing its own topics to the probe."""
    from tests.events.conftest import new_database
    from tests.gateway.conftest import gateway_settings

    for process in PROCESSES:
        subscriptions = service_module(process, "events").SUBSCRIPTIONS
        monkeypatch.setitem(subscriptions, "probe", (OWN[process],))
    settings = {
        service: service_settings(
            getattr(service_module(service, "config"), SETTINGS[service]),
            await new_database(databases, service),
            jwks_file,
            event_destinations=DESTINATIONS[service] | {"probe": PROBE},
        )
        for service in SERVICES
    }
    apps = {
        service: service_module(service, "main").create_app(
            settings[service], http_transport=network
        )
        for service in SERVICES
    }
    gateway_url = await databases.new("gateway")
    await seed_gateway(gateway_url, monkeypatch, tmp_path)
    apps["gateway"] = service_module("gateway", "main").create_app(
        gateway_settings(
            gateway_url,
            signing_key,
            tmp_path,
            service_urls={name: f"http://{name}" for name in SERVICES},
            event_destinations=DESTINATIONS["gateway"] | {"probe": PROBE},
        ),
        service_transport=network,
        events_transport=network,
    )
    return settings, apps


async def read_outboxes(apps: dict[str, Any], produced: Produced) -> None:
    """Each event once (one row per destination), and every refused internal delivery."""
    for app in apps.values():
        seen: set[str] = set()
        for row in await outbox_rows(app):
            internal = any(row["destination"].startswith(f"http://{p}/") for p in PROCESSES)
            if internal and (row["delivered_at"] is None or row["last_error"]):
                produced.refused.append(
                    f"{row['topic']} -> {row['destination']}: {row['last_error']}"
                )
            if row["event_id"] not in seen and not row["topic"].startswith("mail."):
                seen.add(row["event_id"])
                produced.payloads[row["topic"]].append(row["payload"])


async def produce(databases, jwks_file, signing_key, tmp_path, token_for, monkeypatch) -> Produced:
    network = Network()
    settings, apps = await build_apps(
        databases, jwks_file, signing_key, tmp_path, monkeypatch, network
    )
    produced = Produced(consumers={name: dict(handlers_of(app)) for name, app in apps.items()})
    committee = token_for("committee", sub="sfp-comite")
    async with AsyncExitStack() as stack:
        clients = {}
        for name, app in apps.items():
            network.apps[name] = httpx.ASGITransport(app=app)
            clients[name] = await stack.enter_async_context(running(app))
            clients[name].app = app  # type: ignore[attr-defined]  # AuthFlows reads it
        webhook = {"url": AGENCY, "topics": list(contracts.tracking.WEBHOOK_TOPICS)}
        registered = await clients["tracking"].post("/webhooks", json=webhook, headers=committee)
        assert registered.status_code == 201, registered.text

        await load_demo(settings, apps)
        await member_joins_and_leaves(clients["roadmaps"], committee)
        await committee_assesses(clients["tracking"], committee)
        await person_leaves(clients["gateway"])
        for name in ("consultation", "roadmaps", "gateway"):
            await apps[name].state.relay.drain()
        await read_outboxes(apps, produced)
    return produced


_PRODUCED: dict[str, Produced | BaseException] = {}


@pytest.fixture
async def produced(
    db_backend, databases, jwks_file, signing_key, tmp_path, token_for, monkeypatch
) -> Produced:
    """The flows run once per database backend; every test of that backend reads them."""
    if db_backend not in _PRODUCED:
        try:
            _PRODUCED[db_backend] = await produce(
                databases, jwks_file, signing_key, tmp_path, token_for, monkeypatch
            )
        except BaseException as exc:  # one failure, reported by every test of the backend
            _PRODUCED[db_backend] = exc
            raise
    result = _PRODUCED[db_backend]
    if isinstance(result, BaseException):
        pytest.fail(f"the flows failed: {result!r}")
    return result


@pytest.mark.parametrize("topic", sorted(TOPICS))
async def test_every_payload_a_producer_sends_fits_the_contract(produced, topic):
    payloads = produced.payloads.get(topic, [])
    assert payloads, f"no flow produced {topic}"
    consumers = {
        name: model
        for name, handlers in produced.consumers.items()
        if topic in handlers and (model := payload_model(handlers[topic])) is not None
    }
    for payload in payloads:
        TOPICS[topic].model_validate(payload)
        for model in consumers.values():
            model.model_validate(payload)
    with pytest.raises(ValidationError):  # a field the producer does not send is drift
        TOPICS[topic].model_validate(payloads[0] | {"unexpected": True})


async def test_every_delivery_to_a_consumer_was_accepted(produced):
    assert produced.refused == []
    assert {t for t in produced.payloads if not t.startswith("mail.")} <= set(TOPICS)


def test_every_topic_a_process_consumes_has_its_contract(tmp_path, jwks_file, signing_key):
    from tests.gateway.conftest import gateway_settings

    database = f"sqlite+aiosqlite:///{tmp_path / 'unused.sqlite3'}"
    apps = {
        service: service_module(service, "main").create_app(
            service_settings(
                getattr(service_module(service, "config"), SETTINGS[service]), database, jwks_file
            )
        )
        for service in SERVICES
    }
    apps["gateway"] = service_module("gateway", "main").create_app(
        gateway_settings(database, signing_key, tmp_path)
    )
    for process, app in apps.items():
        handlers = handlers_of(app)
        assert handlers, f"{process} consumes nothing?"
        assert set(handlers) <= set(TOPICS), (process, set(handlers) - set(TOPICS))
        for topic, handler in handlers.items():
            # Every consumer parses into the producer's own contract: not a dict handler
            # (payload_model None), not a copy of the model, not a subclass.
            model = payload_model(handler)
            assert model is TOPICS[topic], (process, topic, model)
