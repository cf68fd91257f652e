"""A commitment published in roadmaps reaches tracking through the outbox relay: only if
its transaction committed, after outages, and exactly once."""

import pytest

from consultation.config import ConsultationSettings
from consultation.demo import load_demo as load_consultation_demo
from consultation.main import create_app as create_consultation
from kit import audit
from kit.tokens import Principal
from roadmaps.commitments import service
from roadmaps.commitments.schemas import CommitmentCreate
from roadmaps.config import RoadmapsSettings
from roadmaps.demo import load_demo as load_roadmaps_demo
from tests.conftest import running, service_settings
from tests.events.conftest import TRACKING_EVENTS, inbox_ids, make_due, new_database, outbox_rows
from tracking.config import TrackingSettings
from tracking.demo import load_demo as load_tracking_demo

COMMITMENT = {
    "plan_code": "MX-4PA",
    "number": 8,
    "slug": "politica-de-cuidados",
    "title": "Fortalecer los servicios públicos de cuidados",
    "lead_institutions": ["Instituto Nacional de las Mujeres (Inmujeres)"],
    "cso_coresponsible": ["Instituto de Liderazgo Simone de Beauvoir", "Incide Social"],
}


async def publish(linked, token_for) -> str:
    committee = token_for("committee")
    created = await linked.roadmaps.post("/commitments", json=COMMITMENT, headers=committee)
    commitment_id = created.json()["id"]
    published = await linked.roadmaps.post(
        f"/commitments/{commitment_id}/publish", headers=committee
    )
    assert published.status_code == 200
    return commitment_id


async def tracking_history(linked, commitment_id: str) -> list[str]:
    async with linked.tracking.app.state.db.transaction(read_only=True) as session:
        entries = await audit.history(session, "tracked_commitment", commitment_id)
    return [e["action"] for e in entries]


async def tracked(linked) -> list[dict]:
    return (await linked.tracking.get("/plans/MX-4PA/commitments")).json()["items"]


async def test_a_published_commitment_reaches_tracking_exactly_once(start_linked, token_for):
    async with start_linked() as linked:
        commitment_id = await publish(linked, token_for)

        delivered = await linked.relay.drain()
        again = await linked.relay.drain()

        shown = await linked.tracking.get(f"/commitments/{commitment_id}")
        assert (delivered, again) == (1, 0)
        assert shown.status_code == 200
        assert shown.json()["title"] == COMMITMENT["title"]
        assert shown.json()["cso_coresponsible"] == COMMITMENT["cso_coresponsible"]
        assert [c["id"] for c in await tracked(linked)] == [commitment_id]
        rows = await outbox_rows(linked.roadmaps.app)
        assert [(r["destination"], r["attempts"]) for r in rows] == [(TRACKING_EVENTS, 1)]
        assert rows[0]["delivered_at"] is not None
        assert await inbox_ids(linked.tracking.app) == [rows[0]["event_id"]]


async def test_an_event_of_a_rolled_back_transaction_is_never_delivered(start_linked):
    actor = Principal(sub="sfp-1", role="committee")
    async with start_linked() as linked:
        with pytest.raises(RuntimeError):
            async with linked.roadmaps.app.state.db.transaction() as session:
                created = await service.create_commitment(
                    session, actor, CommitmentCreate(**COMMITMENT)
                )
                await service.publish_commitment(session, actor, created.id)
                raise RuntimeError("algo falla antes del commit")

        delivered = await linked.relay.drain()

        assert delivered == 0
        assert await outbox_rows(linked.roadmaps.app) == []
        assert linked.link.calls == 0
        assert await tracked(linked) == []


async def test_while_tracking_is_down_the_event_waits_then_arrives_once(start_linked, token_for):
    async with start_linked() as linked:
        linked.link.mode = "down"
        commitment_id = await publish(linked, token_for)

        assert await linked.relay.drain() == 0
        [pending] = await outbox_rows(linked.roadmaps.app)
        assert pending["delivered_at"] is None
        assert pending["attempts"] == 1
        assert "ConnectError" in pending["last_error"]
        assert pending["available_at"] > pending["occurred_at"]  # backing off

        linked.link.mode = "up"
        assert await linked.relay.drain() == 0  # not due yet: the backoff is respected
        await make_due(linked.roadmaps.app)
        assert await linked.relay.drain() == 1
        assert await linked.relay.drain() == 0

        [row] = await outbox_rows(linked.roadmaps.app)
        assert (row["attempts"], row["last_error"]) == (2, None)
        assert [c["id"] for c in await tracked(linked)] == [commitment_id]
        assert await inbox_ids(linked.tracking.app) == [row["event_id"]]
        assert await tracking_history(linked, commitment_id) == ["commitment.received"]


async def test_a_lost_acknowledgement_is_redelivered_and_applied_once(start_linked, token_for):
    async with start_linked() as linked:
        linked.link.mode = "losing_answers"
        commitment_id = await publish(linked, token_for)
        assert await linked.relay.drain() == 0  # tracking has it; the relay does not know

        linked.link.mode = "up"
        await make_due(linked.roadmaps.app)
        assert await linked.relay.drain() == 1

        assert linked.link.calls == 2
        assert [c["id"] for c in await tracked(linked)] == [commitment_id]
        assert len(await inbox_ids(linked.tracking.app)) == 1
        assert await tracking_history(linked, commitment_id) == ["commitment.received"]


async def test_the_roadmaps_demo_is_idempotent_and_feeds_tracking(
    databases, jwks_file, start_linked, token_for
):
    roadmaps_url = await new_database(databases, "roadmaps")
    settings = service_settings(
        RoadmapsSettings,
        roadmaps_url,
        jwks_file,
        event_destinations={"tracking": "http://tracking"},
    )
    first, _ = await load_roadmaps_demo(settings)
    second, _ = await load_roadmaps_demo(settings)
    tracking_settings = service_settings(
        TrackingSettings, await new_database(databases, "tracking"), jwks_file
    )

    assert "13 creados y 13 publicados" in first
    assert "0 creados y 0 publicados" in second
    assert "13 autoevaluaciones" in (await load_tracking_demo(tracking_settings))[0]
    async with start_linked(roadmaps_url=roadmaps_url) as linked:
        staff = await linked.roadmaps.get("/commitments", headers=token_for("committee"))
        assert [c["number"] for c in staff.json()["items"]] == list(range(1, 14))
        assert {c["status"] for c in staff.json()["items"]} == {"published"}
        assert len(await outbox_rows(linked.roadmaps.app)) == 13  # one event each, no repeats

        assert await linked.relay.drain() == 13
        commitments = await tracked(linked)
    assert [c["number"] for c in commitments] == list(range(1, 14))
    assert commitments[0]["slug"] == "corrupcion"
    assert "Secretaría de Bienestar" in commitments[0]["lead_institutions"]  # participating
    assert commitments[4]["lead_institutions"] == [  # leads, where the plan named them
        "Secretaría del Trabajo y Previsión Social (STPS)",
        "Consejo Nacional para Prevenir la Discriminación (Conapred)",
    ]


async def test_the_consultation_demo_is_idempotent(databases, jwks_file):
    settings = service_settings(
        ConsultationSettings, await new_database(databases, "consultation"), jwks_file
    )
    await load_consultation_demo(settings)
    second, _ = await load_consultation_demo(settings)

    async with running(create_consultation(settings)) as consultation:
        processes = (await consultation.get("/processes")).json()["items"]
    assert "0 creados" in second
    by_plan = {p["plan_code"]: p for p in processes}
    assert sorted(by_plan) == ["MX-4PA", "MX-5PA"]
    fourth = by_plan["MX-4PA"]["phases"]
    assert [(p["key"], p["starts_on"], p["ends_on"]) for p in (fourth[0], fourth[-1])] == [
        ("consultation", "2019-05-24", "2019-06-14"),
        ("publication_tracking", "2019-08-24", "2019-08-30"),
    ]
    assert {p["status"] for p in fourth} == {"closed"}
    assert by_plan["MX-5PA"]["current_phase"]["key"] == "consultation"
    assert [p["key"] for p in by_plan["MX-5PA"]["phases"]] == [
        "consultation",
        "systematization",
        "cocreation_tables",
        "roadmaps",
        "open_feedback",
        "publication_tracking",
    ]
