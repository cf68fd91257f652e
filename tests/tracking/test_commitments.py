"""Tracking receives published commitments by signed events, once each, and shows them."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kit import audit
from kit.event_signing import EVENT_SIGNATURE_HEADER, new_private_key
from kit.pagination import encode_cursor
from tests.conftest import signed_event
from tests.tracking.conftest import deliver, published_event


async def inbox_count(app) -> int:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].inbox
        return (await session.exec(select(func.count()).select_from(table))).scalar_one()


async def test_a_published_commitment_appears_in_tracking(tracking):
    event = published_event("c1", 1, title="Gasto abierto y responsable en programas sociales")

    answer = await deliver(tracking, event)
    shown = await tracking.get("/commitments/c1")
    listed = await tracking.get("/plans/MX-4PA/commitments")

    assert answer.status_code == 200
    assert answer.json() == {"status": "processed"}
    assert shown.status_code == 200
    body = shown.json()
    assert body["id"] == "c1"
    assert body["title"] == "Gasto abierto y responsable en programas sociales"
    assert body["lead_institutions"] == ["Secretaría de la Función Pública (SFP)"]
    assert body["cso_coresponsible"] == ["Transparencia Mexicana"]
    assert [c["id"] for c in listed.json()["items"]] == ["c1"]
    async with tracking.app.state.db.transaction(read_only=True) as session:
        entries = await audit.history(session, "tracked_commitment", "c1")
    assert [(e["action"], e["actor_role"]) for e in entries] == [("commitment.received", "system")]
    assert event["id"] in entries[0]["reason"]


async def test_the_same_event_twice_changes_nothing(tracking):
    event = published_event("c1", 1)
    first = await deliver(tracking, event)
    replay = dict(event, payload=event["payload"] | {"title": "Otro título"})
    second = await deliver(tracking, replay)

    listed = (await tracking.get("/plans/MX-4PA/commitments")).json()["items"]
    assert first.json() == {"status": "processed"}
    assert second.json() == {"status": "duplicate"}
    assert [(c["id"], c["title"]) for c in listed] == [("c1", "Compromiso 1")]
    assert await inbox_count(tracking.app) == 1


async def test_a_republication_with_new_data_updates_the_copy(tracking):
    await deliver(tracking, published_event("c1", 1, title="Primera versión"))
    answer = await deliver(tracking, published_event("c1", 1, title="Versión ajustada"))

    listed = (await tracking.get("/plans/MX-4PA/commitments")).json()["items"]
    assert answer.json() == {"status": "processed"}
    assert [(c["id"], c["title"]) for c in listed] == [("c1", "Versión ajustada")]


async def test_an_older_event_arriving_late_does_not_overwrite_a_newer_one(tracking):
    older = published_event("c1", 1, title="Versión vieja")
    older["occurred_at"] = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    await deliver(tracking, published_event("c1", 1, title="Versión nueva"))
    answer = await deliver(tracking, older)

    assert answer.json() == {"status": "processed"}
    assert (await tracking.get("/commitments/c1")).json()["title"] == "Versión nueva"


@pytest.mark.parametrize("signature", ["wrong-secret", "tampered", "missing", "expired"])
async def test_an_event_without_a_valid_signature_is_refused(tracking, signature):
    event = published_event("c1", 1)
    body = json.dumps(event).encode()
    headers = {"content-type": "application/json"}
    if signature == "wrong-secret":  # a key roadmaps does not hold
        headers |= signed_event(body, "roadmaps", key=new_private_key())
    elif signature == "tampered":
        signed = body.replace(b"Compromiso", b"Compromisx")
        headers |= {
            EVENT_SIGNATURE_HEADER: signed_event(signed, "roadmaps")[EVENT_SIGNATURE_HEADER]
        }
    elif signature == "expired":
        an_hour_ago = int(datetime.now(UTC).timestamp()) - 3600
        headers |= signed_event(body, "roadmaps", timestamp=an_hour_ago)

    answer = await tracking.post("/internal/events", content=body, headers=headers)

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "invalid_signature"
    assert (await tracking.get("/commitments/c1")).status_code == 404
    assert await inbox_count(tracking.app) == 0


async def test_an_event_of_an_unknown_topic_is_acknowledged_and_ignored(tracking):
    event = published_event("c1", 1) | {"topic": "roadmaps.working_group.created.v1"}

    answer = await deliver(tracking, event)

    assert answer.status_code == 200
    assert answer.json() == {"status": "ignored"}
    assert (await tracking.get("/commitments/c1")).status_code == 404


async def test_a_malformed_payload_is_refused_and_can_be_delivered_again_fixed(tracking):
    event = published_event("c1", 1)
    broken = dict(event, payload={k: v for k, v in event["payload"].items() if k != "title"})

    refused = await deliver(tracking, broken)
    accepted = await deliver(tracking, event)

    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_commitment_event"
    # The refusal rolled the inbox row back, so the fixed redelivery is processed.
    assert accepted.json() == {"status": "processed"}


async def test_a_plan_lists_its_commitments_in_number_order_in_pages(tracking):
    for number in (3, 1, 2):
        await deliver(tracking, published_event(f"c{number}", number))
    await deliver(tracking, published_event("other", 1, plan_code="MX-5PA"))

    first = (await tracking.get("/plans/MX-4PA/commitments", params={"limit": 2})).json()
    rest = (
        await tracking.get(
            "/plans/MX-4PA/commitments", params={"limit": 2, "cursor": first["next_cursor"]}
        )
    ).json()
    broken = await tracking.get(
        "/plans/MX-4PA/commitments", params={"cursor": encode_cursor(["tres"])}
    )

    assert [c["number"] for c in first["items"]] == [1, 2]
    assert [c["number"] for c in rest["items"]] == [3]
    assert rest["next_cursor"] is None
    assert broken.status_code == 422
    assert broken.json()["error"]["code"] == "invalid_cursor"


async def test_an_unknown_commitment_is_a_404(tracking):
    response = await tracking.get("/commitments/no-existe")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "commitment_not_found"
