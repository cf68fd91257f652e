"""Commitments in the roadmaps service: who may create them, the rules on input, and what
publishing makes visible and announces."""

from typing import Any

import pytest
from sqlalchemy import select

from kit import audit

PLAN = "MX-4PA"


def commitment(number: int = 1, **changes: Any) -> dict[str, Any]:
    body = {
        "plan_code": PLAN,
        "number": number,
        "slug": f"compromiso-{number}",
        "title": "Gasto abierto y responsable en programas sociales",
        "problem": "Poca visibilidad sobre el destino del dinero de los programas sociales.",
        "lead_institutions": ["Secretaría de Bienestar"],
        "cso_coresponsible": ["GESOC, Agencia para el Desarrollo, A.C."],
    }
    return body | changes


async def outbox_rows(app: Any) -> list[dict[str, Any]]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        return [dict(row._mapping) for row in await session.exec(select(table))]


async def test_committee_creates_a_draft_commitment_and_the_audit_log_records_it(
    roadmaps, token_for
):
    response = await roadmaps.post(
        "/commitments", json=commitment(), headers=token_for("committee", sub="sfp-1")
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    assert body["published_at"] is None
    assert body["lead_institutions"] == ["Secretaría de Bienestar"]
    async with roadmaps.app.state.db.transaction(read_only=True) as session:
        entries = await audit.history(session, "commitment", body["id"])
    assert [(e["action"], e["actor_sub"]) for e in entries] == [("commitment.created", "sfp-1")]


@pytest.mark.parametrize("role", ["citizen", "cso"])
async def test_only_the_committee_creates_commitments(roadmaps, token_for, role):
    response = await roadmaps.post("/commitments", json=commitment(), headers=token_for(role))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    listed = await roadmaps.get("/commitments", headers=token_for("committee"))
    assert listed.json()["items"] == []


async def test_anonymous_create_is_refused_with_401(roadmaps):
    response = await roadmaps.post("/commitments", json=commitment())

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.headers["www-authenticate"] == "Bearer"


async def test_a_number_is_used_once_per_plan(roadmaps, token_for):
    committee = token_for("committee")
    first = await roadmaps.post("/commitments", json=commitment(3), headers=committee)
    again = await roadmaps.post("/commitments", json=commitment(3), headers=committee)
    other_plan = await roadmaps.post(
        "/commitments", json=commitment(3, plan_code="MX-5PA"), headers=committee
    )

    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "commitment_number_taken"
    assert other_plan.status_code == 201


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "Con Espacios"}, "slug"),
        ({"number": 0}, "number"),
        ({"plan_code": "mx 4pa"}, "plan_code"),
        ({"title": ""}, "title"),
        ({"owner": "alguien"}, "owner"),
    ],
)
async def test_invalid_input_is_a_422_in_the_error_shape(roadmaps, token_for, changes, field):
    response = await roadmaps.post(
        "/commitments", json=commitment(**changes), headers=token_for("committee")
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "Los datos enviados no son válidos."
    assert field in [detail["field"] for detail in error["details"]]


async def test_publishing_writes_one_outbox_row_per_subscribed_destination(
    start_roadmaps, token_for
):
    destinations = {"tracking": "http://tracking", "consultation": "http://consultation"}
    async with start_roadmaps(event_destinations=destinations) as roadmaps:
        committee = token_for("committee")
        created = (await roadmaps.post("/commitments", json=commitment(), headers=committee)).json()
        assert await outbox_rows(roadmaps.app) == []  # a draft announces nothing

        published = await roadmaps.post(f"/commitments/{created['id']}/publish", headers=committee)
        again = await roadmaps.post(f"/commitments/{created['id']}/publish", headers=committee)
        rows = await outbox_rows(roadmaps.app)

    assert published.status_code == 200
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "commitment_already_published"
    # Tracking and consultation (its progress comments) get exactly one each.
    assert sorted((r["destination"], r["topic"]) for r in rows) == [
        ("http://consultation/internal/events", "roadmaps.commitment.published.v1"),
        ("http://tracking/internal/events", "roadmaps.commitment.published.v1"),
    ]
    assert rows[0]["payload"]["commitment_id"] == created["id"]
    assert rows[0]["payload"]["number"] == 1
    assert rows[0]["delivered_at"] is None


async def test_publishing_without_configured_destinations_writes_no_row(roadmaps, token_for):
    committee = token_for("committee")
    created = (await roadmaps.post("/commitments", json=commitment(), headers=committee)).json()
    await roadmaps.post(f"/commitments/{created['id']}/publish", headers=committee)

    assert await outbox_rows(roadmaps.app) == []


@pytest.mark.parametrize("viewer", [None, "citizen"])
async def test_drafts_are_hidden_from_the_public_until_published(roadmaps, token_for, viewer):
    committee = token_for("committee")
    headers = token_for(viewer) if viewer else {}
    draft = (await roadmaps.post("/commitments", json=commitment(1), headers=committee)).json()
    other = (await roadmaps.post("/commitments", json=commitment(2), headers=committee)).json()
    await roadmaps.post(f"/commitments/{other['id']}/publish", headers=committee)

    hidden = await roadmaps.get(f"/commitments/{draft['id']}", headers=headers)
    listed = await roadmaps.get("/commitments", params={"plan_code": PLAN}, headers=headers)
    staff = await roadmaps.get("/commitments", params={"plan_code": PLAN}, headers=committee)

    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "commitment_not_found"
    assert [c["number"] for c in listed.json()["items"]] == [2]
    assert [c["number"] for c in staff.json()["items"]] == [1, 2]

    await roadmaps.post(f"/commitments/{draft['id']}/publish", headers=committee)
    shown = await roadmaps.get(f"/commitments/{draft['id']}", headers=headers)
    assert shown.status_code == 200
    assert shown.json()["status"] == "published"
