"""MX-5PA's demonstration cycle, loaded into fresh databases as ``dev.py seed`` does: the
gateway's demo accounts, then each service's loader, with the real outbox relays carrying
the events between the three services (in-process). Every count is read back through the
services' own APIs; a second load changes nothing."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from consultation import demo as consultation_demo
from consultation.config import ConsultationSettings
from consultation.demo import load_demo as load_consultation
from consultation.main import create_app as create_consultation
from gateway import cli
from kit.demo import ACCOUNTS_ENV, demo_people
from roadmaps import demo as roadmaps_demo
from roadmaps.config import RoadmapsSettings
from roadmaps.demo import load_demo as load_roadmaps
from roadmaps.demo.cycle import RESCHEDULE_REASON
from roadmaps.main import create_app as create_roadmaps
from tests.conftest import INTERNAL_SECRET, running, service_settings
from tests.events.conftest import new_database
from tracking import demo as tracking_demo
from tracking.config import TrackingSettings
from tracking.demo import load_demo as load_tracking
from tracking.main import create_app as create_tracking

DESTINATIONS = {
    "consultation": {"roadmaps": "http://roadmaps", "tracking": "http://tracking"},
    "roadmaps": {"consultation": "http://consultation", "tracking": "http://tracking"},
    "tracking": {},
}
SETTINGS = {
    "consultation": ConsultationSettings,
    "roadmaps": RoadmapsSettings,
    "tracking": TrackingSettings,
}
LOADERS = {"consultation": load_consultation, "roadmaps": load_roadmaps, "tracking": load_tracking}
FACTORIES = {
    "consultation": create_consultation,
    "roadmaps": create_roadmaps,
    "tracking": create_tracking,
}


class Network(httpx.AsyncBaseTransport):
    """The services' addresses (``http://<service>``), each answered by its app in-process."""

    def __init__(self) -> None:
        self.apps: dict[str, httpx.ASGITransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.apps[request.url.host].handle_async_request(request)


@dataclass
class Stack:
    settings: dict[str, Any]
    clients: dict[str, httpx.AsyncClient]

    async def load(self) -> dict[str, tuple[str, str | None]]:
        """Every loader once, then every relay until nothing is due."""
        results = {name: await LOADERS[name](self.settings[name]) for name in LOADERS}
        for client in self.clients.values():
            await client.app.state.relay.drain()  # type: ignore[attr-defined]
        return results

    async def load_until_complete(self, rounds: int = 6) -> dict[str, tuple[str, str | None]]:
        for _ in range(rounds):
            results = await self.load()
            if all(waiting is None for _, waiting in results.values()):
                return results
        pytest.fail(f"the cycle still waits: {results}")


@pytest.fixture
async def accounts(databases, monkeypatch, tmp_path):
    """The gateway's real ``seed-demo-accounts --accounts-file``, into a fresh database."""
    monkeypatch.setenv("GATEWAY_DATABASE_URL", await databases.new("gateway"))
    monkeypatch.setenv("GATEWAY_ENVIRONMENT", "test")
    monkeypatch.setenv("GATEWAY_INTERNAL_SECRET", INTERNAL_SECRET)
    monkeypatch.setenv("GATEWAY_MAIL_DIR", str(tmp_path / "mail"))
    path = tmp_path / "demo-accounts.json"
    assert await asyncio.to_thread(cli.main, ["migrate"]) == 0
    seed = ["seed-demo-accounts", "--accounts-file", str(path)]
    assert await asyncio.to_thread(cli.main, seed) == 0
    monkeypatch.setenv(ACCOUNTS_ENV, str(path))
    return demo_people()


@pytest.fixture
async def stack(databases, jwks_file, accounts) -> AsyncIterator[Stack]:
    network = Network()
    settings = {
        name: service_settings(
            SETTINGS[name],
            await new_database(databases, name),
            jwks_file,
            event_destinations=DESTINATIONS[name],
        )
        for name in SETTINGS
    }
    async with AsyncExitStack() as stack:
        clients = {}
        for name, factory in FACTORIES.items():
            app = factory(settings[name], http_transport=network)
            network.apps[name] = httpx.ASGITransport(app=app)
            clients[name] = await stack.enter_async_context(running(app))
            clients[name].app = app  # type: ignore[attr-defined]
        yield Stack(settings, clients)


def as_person(token_for, person) -> dict[str, str]:
    return token_for(person.role, sub=person.account_id, org=person.organization, name=person.name)


async def consultation_counts(api: httpx.AsyncClient, committee: dict) -> dict[str, Any]:
    processes = (await api.get("/processes")).json()["items"]
    process = next(p for p in processes if p["plan_code"] == "MX-5PA")
    themes = (await api.get(f"/processes/{process['id']}/themes", headers=committee)).json()
    topics = [t for theme in themes["items"] for t in theme["topics"]]
    answered = []
    for topic in topics:
        body = (await api.get(f"/topics/{topic['id']}")).json()
        answered.append((body.get("answer") or {}).get("state"))
    items = (await api.get("/feedback/items", params={"plan_code": "MX-5PA"})).json()["items"]
    comments = []
    for item in items:
        found = (await api.get(f"/feedback/items/{item['id']}/comments")).json()
        comments += found["items"] if isinstance(found, dict) else found
    report = (await api.get(f"/processes/{process['id']}/responses/report")).json()
    awaiting = (await api.get("/commitment-comments", headers=committee)).json()["items"]
    on_progress = []
    for commitment_id in sorted({c["commitment_id"] for c in awaiting}):
        on_progress += (await api.get(f"/commitments/{commitment_id}/comments")).json()["items"]
    return {
        "demo": process["demo"],
        "themes": Counter(t["status"] for t in themes["items"]),
        "grouped_topics": len(topics),
        "answers_in_themes": Counter(answered),
        "items": len(items),
        "comments": len(comments),
        "answered_comments": sum(1 for c in comments if c.get("answer")),
        "report": report,
        "awaiting_progress_comments": len(awaiting),
        "progress_comments": len(on_progress),
        "answered_progress_comments": sum(1 for c in on_progress if c.get("answer")),
    }


async def roadmaps_counts(api: httpx.AsyncClient, committee: dict) -> dict[str, Any]:
    found = await api.get("/commitments", params={"plan_code": "MX-5PA"}, headers=committee)
    commitments = found.json()["items"]
    states, members, meetings, versions = Counter(), set(), 0, {}
    for c in commitments:
        base = f"/commitments/{c['id']}"
        roadmap = (await api.get(f"{base}/roadmap", headers=committee)).json()
        history = (await api.get(f"{base}/roadmap/versions", headers=committee)).json()
        history = history["items"] if isinstance(history, dict) else history
        amended = roadmap["status"] == "published" and roadmap["published_version"] > 1
        state = "amended" if amended else roadmap["status"]
        states[state] += 1
        versions[state] = len(history)
        if state == "in_review":
            assert roadmap["review_sessions_held"] == 1
        if state == "agreed":
            assert {s["role"] for s in roadmap["sign_offs"]} == {
                "responsible_public_servant",
                "responsible_cso_person",
            }
        if state == "draft":
            assert roadmap["missing_elements"]
        group = (await api.get(f"{base}/working-group")).json()
        members |= {(m["account_id"], m["sector"]) for m in group["members"]}
        listing = (await api.get(f"{base}/meetings")).json()
        meetings += len(listing["items"] if isinstance(listing, dict) else listing)
    draft_plan = await api.get("/plans/MX-5PA/draft-plan")
    return {
        "commitments": len(commitments),
        "demo": {c["demo"] for c in commitments},
        "from_themes": sum(1 for c in commitments if c["source_theme_id"]),
        "published": sum(1 for c in commitments if c["status"] == "published"),
        "roadmaps": dict(states),
        "amended_versions": versions.get("amended"),
        "members": members,
        "meetings": meetings,
        "draft_plan": draft_plan.status_code,
    }


async def tracking_counts(api: httpx.AsyncClient, committee: dict, citizen: dict) -> dict:
    board = (await api.get("/plans/MX-5PA/dashboard")).json()
    states = Counter()
    for c in board["commitments"]:
        found = (await api.get(f"/commitments/{c['id']}/updates", headers=committee)).json()
        for u in found["items"] if isinstance(found, dict) else found:
            if u["state"] == "pending":
                cso_done = u["cso_validation"]["at"] is not None
                states["awaiting_committee" if cso_done else "awaiting_cso"] += 1
            elif u["state"] == "rejected":
                states["returned"] += 1
                assert u["rejection"]["reason"]
            else:
                states[u["state"]] += 1
    amended = next(c for c in board["commitments"] if c["progress"]["completed"])
    detail = (await api.get(f"/commitments/{amended['id']}")).json()
    notes = (await api.get("/me/notifications", headers=citizen)).json()
    stale = (await api.get("/plans/MX-5PA/stale-commitments")).json()
    return {
        "demo": board["demo"],
        "completed": board["progress"]["completed"],
        "with_data": board["progress"]["commitments_with_data"],
        "activities": board["activity_status_counts"],
        "updates": dict(states),
        "roadmap_versions": [v["kind"] for v in detail["roadmap"]["versions"]],
        "notifications": len(notes["items"] if isinstance(notes, dict) else notes),
        "rescheduled": [
            (a["title"], a["original_end_date"] < a["end_date"], a["reschedules"][-1]["reason"])
            for ka in detail["key_actions"]
            for a in ka["activities"]
            if a["rescheduled"]
        ],
        "stale": stale["stale"],
        "overdue": sorted(
            a["title"] for c in stale["commitments"] for a in c["overdue_activities"]
        ),
    }


async def all_counts(stack: Stack, people, token_for) -> dict[str, Any]:
    committee = as_person(token_for, people["committee"])
    citizen = as_person(token_for, people["citizen"])
    return {
        "consultation": await consultation_counts(stack.clients["consultation"], committee),
        "roadmaps": await roadmaps_counts(stack.clients["roadmaps"], committee),
        "tracking": await tracking_counts(stack.clients["tracking"], committee, citizen),
    }


async def test_the_demonstration_cycle_loads_every_state_once(stack, accounts, token_for):
    first = await stack.load()
    assert first["consultation"][1] is not None  # waits for the draft plan
    assert first["roadmaps"][1] is None or "compromisos" in first["roadmaps"][1]
    await stack.load_until_complete()
    counts = await all_counts(stack, accounts, token_for)

    consultation = counts["consultation"]
    assert consultation["demo"] is True
    assert consultation["themes"] == {"promoted": 5, "published": 1, "draft": 1}
    assert consultation["grouped_topics"] == 20
    assert consultation["answers_in_themes"]["accepted"] == 15  # the promoted themes' topics
    assert consultation["items"] == 5
    assert (consultation["comments"], consultation["answered_comments"]) == (4, 3)
    assert consultation["report"]["topics"]["answered"] == 20  # 15 + 3 merged + 2 refused
    assert consultation["report"]["comments"]["answered"] == 3
    # Comments on a published commitment's progress: four, three answered, one awaiting.
    assert consultation["awaiting_progress_comments"] == 1
    assert (consultation["progress_comments"], consultation["answered_progress_comments"]) == (4, 3)

    roadmaps = counts["roadmaps"]
    assert (roadmaps["commitments"], roadmaps["from_themes"], roadmaps["published"]) == (5, 5, 5)
    assert roadmaps["demo"] == {True}
    assert roadmaps["roadmaps"] == {
        "draft": 1,
        "in_review": 1,
        "agreed": 1,
        "published": 1,
        "amended": 1,
    }
    assert roadmaps["amended_versions"] == 2
    assert {(p.account_id, p.sector) for p in (accounts["government"], accounts["cso"])} | {
        (accounts["inai"].account_id, "inai")
    } <= roadmaps["members"]
    assert roadmaps["meetings"] == 6 and roadmaps["draft_plan"] == 200

    tracking = counts["tracking"]
    assert tracking["demo"] is True and tracking["completed"] > 0 and tracking["with_data"] == 2
    assert all(tracking["activities"][s] > 0 for s in tracking["activities"])
    assert tracking["updates"] == {
        "published": 5,
        "awaiting_cso": 2,
        "awaiting_committee": 1,
        "returned": 1,
    }
    assert tracking["roadmap_versions"] == ["published", "amended"]
    assert tracking["notifications"] == 5
    assert tracking["rescheduled"] == [
        ("Mesa técnica con las dependencias", True, RESCHEDULE_REASON)
    ]
    assert tracking["stale"] >= 1
    assert tracking["overdue"] == ["Diagnóstico con las organizaciones"]

    again = await stack.load()
    assert all(waiting is None for _, waiting in again.values())
    assert "0 temas y 0 comentarios" in again["consultation"][0]
    assert await all_counts(stack, accounts, token_for) == counts
    outbox = {}
    for name, client in stack.clients.items():
        async with client.app.state.db.transaction(read_only=True) as session:  # type: ignore[attr-defined]
            table = session.info["kit"].outbox
            outbox[name] = len((await session.exec(table.select())).all())
    await stack.load()
    for name, client in stack.clients.items():
        async with client.app.state.db.transaction(read_only=True) as session:  # type: ignore[attr-defined]
            table = session.info["kit"].outbox
            assert len((await session.exec(table.select())).all()) == outbox[name], name


def test_the_accounts_file_names_every_demo_role_with_its_gateway_id(accounts):
    assert set(accounts) == {"admin", "committee", "government", "cso", "inai", "citizen"}
    assert len({p.account_id for p in accounts.values()}) == 6
    assert accounts["inai"].sector == "inai" and accounts["citizen"].name == "María Hernández"


@pytest.mark.parametrize("module", [consultation_demo, roadmaps_demo, tracking_demo])
def test_every_demo_loader_refuses_production(module, monkeypatch, capsys):
    # Only the environment is given: a loader that went past the refusal would fail on
    # the missing database settings instead of exiting with 2.
    monkeypatch.setattr(module, "get_settings", lambda: SimpleNamespace(environment="production"))
    with pytest.raises(SystemExit) as refused:
        module.main(["--wait", "5"])
    assert refused.value.code == 2
    assert "no se cargan en producción" in capsys.readouterr().err
