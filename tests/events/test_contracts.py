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
consumes (read from the app's own inbox) has a contract.

Services are imported lazily by name (``<service>.main``, ``.config``, ``.events``,
``.demo``): their modules are being moved, and only these stay put.
"""

import ast
import asyncio
import importlib
import sys
from collections import defaultdict
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, get_args

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import select

import contracts
from contracts import TOPICS
from kit.inbox import handlers_of, payload_model
from tests.conftest import INTERNAL_SECRET, ROOT, running, service_settings

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
# Topics a process consumes that no producer publishes (so no contract can be built from a
# producer). Each is a finding to fix where the consumer lists it, then to remove here.
CONSUMED_WITHOUT_PRODUCER = {
    # gateway/events.py NOTIFICATION_TOPICS: roadmaps sends no notifications.
    "gateway": {"roadmaps.notification.requested.v1"},
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


async def more_flows(clients: dict[str, httpx.AsyncClient], apps, token_for) -> None:
    """The topics the demonstration does not produce, through the services' own APIs."""
    committee = token_for("committee", sub="sfp-comite")
    roadmaps, tracking = clients["roadmaps"], clients["tracking"]
    found = await roadmaps.get("/commitments", params={"plan_code": "MX-5PA"}, headers=committee)
    commitment = found.json()["items"][0]

    # roadmaps.working_group.member_added.v1 / member_removed.v1
    members = f"/commitments/{commitment['id']}/working-group/members"
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
    assert removed.status_code in (200, 204), removed.text
    await apps["roadmaps"].state.relay.drain()

    # tracking.commitment.status_changed.v1 and tracking.irm_assessment.recorded.v1
    base = f"/commitments/{commitment['id']}"
    changed = await tracking.put(
        f"{base}/self-assessment",
        json={
            "status": "inactive",
            "inactive_reason": "Las OSC corresponsables dejaron el grupo de trabajo.",
            "inactive_since": "2020-10-21",
        },
        headers=committee,
    )
    assert changed.status_code == 200, changed.text
    irm = await tracking.post(
        f"{base}/irm-assessments",
        json={
            "report_type": "design",
            "report_name": "Informe de diseño de México 2019-2021",
            "verifiable": True,
            "relevance": ["access_to_information", "civic_participation"],
            "potential_impact": "moderate",
        },
        headers=committee,
    )
    assert irm.status_code == 201, irm.text

    # auth.account.deleted.v1
    from tests.gateway.conftest import PASSWORD, AuthFlows, bearer

    flows = AuthFlows(clients["gateway"])
    email = "borrame@example.com"
    await flows.register(email, name="Persona Que Se Va")
    me = bearer(await flows.tokens(email))
    deleted = await clients["gateway"].request(
        "DELETE", "/api/v1/auth/me", json={"password": PASSWORD}, headers=me
    )
    assert deleted.status_code == 204, deleted.text
    await apps["gateway"].state.relay.drain()


async def produce(databases, jwks_file, signing_key, tmp_path, token_for, monkeypatch) -> Produced:
    from tests.events.conftest import new_database
    from tests.gateway.conftest import gateway_settings

    for process in PROCESSES:  # the probe hears every topic of its producer
        subscriptions = service_module(process, "events").SUBSCRIPTIONS
        monkeypatch.setitem(subscriptions, "probe", (OWN[process],))
    network = Network()
    settings = {
        service: service_settings(
            getattr(service_module(service, "config"), SETTINGS[service]),
            await new_database(databases, service),
            jwks_file,
            event_destinations=DESTINATIONS[service] | {"probe": PROBE},
        )
        for service in SERVICES
    }
    gateway_url = await databases.new("gateway")
    await seed_gateway(gateway_url, monkeypatch, tmp_path)
    apps = {
        service: service_module(service, "main").create_app(
            settings[service], http_transport=network
        )
        for service in SERVICES
    }
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
    produced = Produced(consumers={name: dict(handlers_of(app)) for name, app in apps.items()})
    async with AsyncExitStack() as stack:
        clients = {}
        for name, app in apps.items():
            network.apps[name] = httpx.ASGITransport(app=app)
            clients[name] = await stack.enter_async_context(running(app))
            clients[name].app = app  # type: ignore[attr-defined]
        webhook = await clients["tracking"].post(
            "/webhooks",
            json={"url": AGENCY, "topics": list(contracts.tracking.WEBHOOK_TOPICS)},
            headers=token_for("committee", sub="sfp-comite"),
        )
        assert webhook.status_code == 201, webhook.text

        await load_demo(settings, apps)
        await more_flows(clients, apps, token_for)

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
        uncovered = set(handlers) - set(TOPICS)
        assert uncovered == CONSUMED_WITHOUT_PRODUCER.get(process, set()), process
        for topic, handler in handlers.items():
            model = payload_model(handler)
            # A typed consumer parses into the producer's contract (or a narrowing of it).
            assert model is None or issubclass(model, TOPICS[topic]), (process, topic, model)


def test_every_contract_is_named_for_its_producer():
    from kit.event_signing import producer_of

    modules = {"gateway": contracts.auth, **{s: getattr(contracts, s) for s in SERVICES}}
    for topic, model in TOPICS.items():
        producer = producer_of(topic)
        assert producer is not None, topic
        assert modules[producer].TOPICS[topic] is model
        assert model.__doc__ and "Produced by" in model.__doc__, model
        assert model.model_config.get("extra") == "forbid", model


def test_the_contracts_import_only_pydantic_the_standard_library_and_reference():
    allowed = {"pydantic", "reference", "contracts"} | set(sys.stdlib_module_names)
    for path in (ROOT / "libs" / "contracts").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def _enum_of(openapi: dict[str, Any], schema: str, prop: str) -> set[str]:
    spec = openapi["components"]["schemas"][schema]["properties"][prop]
    spec = spec.get("items", spec)
    return set(spec["enum"])


def test_the_producers_vocabularies_in_the_contracts_are_the_producers(tmp_path, jwks_file):
    """The group roles and webhook topics the contracts spell out are those the producing
    services accept on their APIs (read from their OpenAPI, whatever their modules)."""
    database = f"sqlite+aiosqlite:///{tmp_path / 'unused.sqlite3'}"

    def openapi(service: str) -> dict[str, Any]:
        settings_cls = getattr(service_module(service, "config"), SETTINGS[service])
        app = service_module(service, "main").create_app(
            service_settings(settings_cls, database, jwks_file)
        )
        return app.openapi()

    roles = _enum_of(openapi("roadmaps"), "MemberCreate", "group_role")
    assert roles == set(get_args(contracts.roadmaps.GroupRole))
    topics = _enum_of(openapi("tracking"), "WebhookCreate", "topics")
    assert topics == set(contracts.tracking.WEBHOOK_TOPICS)
