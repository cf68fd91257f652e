"""draft → in review → agreed → published: each gate refuses by name what is missing, and
publishing announces the full roadmap to tracking."""

from typing import Any

import pytest
from sqlalchemy import select

from tests.roadmaps.workspace import CSO, GOV, PLAN, editable, open_group, roadmap_body

LABELS = {
    "responsible_public_servant": "Servidor público responsable",
    "responsible_cso_person": "Persona de sociedad civil responsable",
    "final_result": "Resultado final",
    "expected_products": "Productos esperados",
    "indicators": "Indicadores",
    "means_of_verification": "Medios de verificación",
    "start_and_end_dates": "Fechas de inicio y conclusión",
}
WITHOUT = {
    "responsible_public_servant": {"responsible_public_servant_id": None},
    "responsible_cso_person": {"responsible_cso_person_id": None},
    "final_result": {"final_result": ""},
    "expected_products": {"expected_products": []},
    "indicators": {"indicators": []},
    "means_of_verification": {"means_of_verification": []},
    "start_and_end_dates": {"end_date": None},
}


async def outbox(app: Any) -> list[dict[str, Any]]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        rows = await session.exec(select(table).order_by(table.c.seq))
        return [dict(r._mapping) for r in rows]


@pytest.mark.parametrize("element", list(WITHOUT))
async def test_publishing_without_a_required_element_is_refused_by_name(
    roadmaps, token_for, element
):
    group = await open_group(roadmaps, token_for)
    await group.ready_to_agree()
    # An edit in review may drop an element again (it is saved, and voids the signatures).
    read = (await group.get()).json()
    dropped = await group.put(editable(read, **WITHOUT[element]), etag=f'"{read["version"]}"')
    assert dropped.status_code == 200, dropped.text
    before = (await group.get()).json()

    agreed = await group.post("agree")
    published = await group.post("publish", as_="committee")

    for response in (agreed, published):
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "roadmap_incomplete"
        assert LABELS[element] in error["message"]
        missing = error["details"]["missing_elements"]
        assert {"key": element, "label": LABELS[element]} in missing
    after = (await group.get()).json()
    assert (after["status"], after["version"]) == (before["status"], before["version"])


@pytest.mark.parametrize("element", list(WITHOUT))
async def test_an_incomplete_draft_is_saved_but_neither_submitted_nor_signed(
    roadmaps, token_for, element
):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap(roadmap_body(**WITHOUT[element]))

    submitted = await group.post("submit")
    assert submitted.status_code == 409
    error = submitted.json()["error"]
    assert error["code"] == "roadmap_incomplete"
    assert "no puede enviarse a revisión" in error["message"]
    assert LABELS[element] in error["message"]
    assert {"key": element, "label": LABELS[element]} in error["details"]["missing_elements"]
    assert (await group.get()).json()["status"] == "draft"


async def test_a_signature_on_an_incomplete_version_is_refused_by_name(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    assert (await group.post("submit")).status_code == 200
    read = (await group.get()).json()
    await group.put(editable(read, indicators=[]), etag='"1"')

    refused = await group.sign(CSO)

    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "roadmap_incomplete"
    assert "no puede firmarse" in error["message"] and "Indicadores" in error["message"]
    assert (await group.get()).json()["sign_offs"] == []


async def test_the_labels_are_those_of_the_methodology(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap({"message": "Vacía"})  # a draft may start empty

    body = (await group.get()).json()

    assert [m["label"] for m in body["missing_elements"]] == [*LABELS.values(), "Acciones clave"]


@pytest.mark.parametrize("unsigned", [GOV, CSO])
async def test_a_missing_sign_off_is_refused_by_name(roadmaps, token_for, unsigned):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    await group.post("submit")
    await group.review_session([GOV, CSO])
    await group.review_session([GOV, CSO], held_on="2019-08-19")
    signer = CSO if unsigned == GOV else GOV
    assert (await group.sign(signer)).status_code == 201

    agreed = await group.post("agree")
    published = await group.post("publish", as_="committee")

    label = {GOV: "Servidor público responsable", CSO: "Persona de sociedad civil responsable"}
    for response in (agreed, published):
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "sign_offs_missing"
        assert label[unsigned] in error["message"]
        assert [s["label"] for s in error["details"]["missing_sign_offs"]] == [label[unsigned]]
    assert (await group.get()).json()["status"] == "in_review"


async def test_two_review_sessions_with_both_sides_are_needed(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    await group.post("submit")
    await group.review_session([GOV, CSO])
    await group.review_session([GOV, "sp-maria"], held_on="2019-08-19")  # no CSO present
    for person in (GOV, CSO):
        await group.sign(person)

    refused = await group.post("agree")

    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "review_sessions_missing"
    assert "hay 1 de 2 sesiones" in error["message"]
    assert error["details"]["review_sessions"] == {"required": 2, "held": 1}

    await group.review_session([CSO, "sp-maria", "inai-rosa"], held_on="2019-08-26")
    assert (await group.post("agree")).status_code == 200


async def test_an_edit_after_signing_needs_new_signatures(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.ready_to_agree()
    read = (await group.get()).json()

    edited = await group.put(editable(read, final_result="Otro resultado"), etag='"1"')
    refused = await group.post("agree")

    assert edited.status_code == 200
    assert edited.json()["sign_offs"] == []
    assert refused.json()["error"]["code"] == "sign_offs_missing"
    assert len(refused.json()["error"]["details"]["missing_sign_offs"]) == 2


async def test_only_the_responsible_persons_sign_and_only_what_they_read(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    in_draft = await group.sign(GOV)
    await group.post("submit")

    member = await group.sign("osc-eva")
    stale = await group.post("sign-offs", as_=CSO, headers={"If-Match": '"7"'})
    signed = await group.sign(CSO)
    twice = await group.sign(CSO)

    assert in_draft.status_code == 409
    assert in_draft.json()["error"]["code"] == "roadmap_status_conflict"
    assert member.status_code == 403
    assert member.json()["error"]["code"] == "not_a_responsible_person"
    assert stale.status_code == 412
    assert signed.status_code == 201
    assert (signed.json()["role"], signed.json()["version"]) == ("responsible_cso_person", 1)
    assert twice.status_code == 201  # idempotent: still one signature
    assert len((await group.get()).json()["sign_offs"]) == 1


async def test_review_sessions_name_group_members_only(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    body = {"held_on": "2019-08-12", "attendee_ids": [GOV, "alguien-mas"], "minutes": "Minuta"}

    unknown = await group.post("review-sessions", json=body | {"outcome": "Acuerdos"})
    future = await group.post(
        "review-sessions", json=body | {"attendee_ids": [GOV], "held_on": "2999-01-01"}
    )
    sessions = await roadmaps.get(f"{group.roadmap_url}/review-sessions", headers=group.as_(GOV))

    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_member"
    assert unknown.json()["error"]["details"]["account_ids"] == ["alguien-mas"]
    assert future.status_code == 422
    assert sessions.json() == []


async def test_the_committee_publishes_an_agreed_roadmap_and_tracking_hears_of_it(
    start_roadmaps, token_for
):
    async with start_roadmaps(event_destinations={"tracking": "http://tracking"}) as roadmaps:
        group = await open_group(roadmaps, token_for)
        await group.ready_to_agree()
        not_agreed = await group.post("publish", as_="committee")
        by_member = await group.post("publish")
        agreed = await group.post("agree")
        published = await group.post("publish", as_="committee")
        again = await group.post("publish", as_="committee")
        events = [
            r for r in await outbox(roadmaps.app) if r["topic"].startswith("roadmaps.roadmap")
        ]

    assert not_agreed.json()["error"]["code"] == "roadmap_not_agreed"
    assert by_member.status_code == 403
    assert agreed.json()["status"] == "agreed"
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["published_version"]) == ("published", 1)
    assert again.json()["error"]["code"] == "roadmap_already_published"
    [event] = events
    assert event["topic"] == "roadmaps.roadmap.published.v1"
    payload = event["payload"]
    content = published.json()["content"]
    assert payload["roadmap_id"] == published.json()["id"]
    assert (payload["commitment_id"], payload["plan_code"]) == (group.commitment_id, PLAN)
    assert (payload["commitment_number"], payload["version"]) == (1, 1)
    assert payload["responsible_public_servant"] == content["responsible_public_servant"]
    assert payload["key_actions"] == content["key_actions"]
    assert payload["key_actions"][0]["activities"][0]["activity_id"]
    assert {(m["account_id"], m["sector"]) for m in payload["members"]} >= {
        (GOV, "government"),
        (CSO, "cso"),
        ("inai-rosa", "inai"),
    }
    assert "amendment" not in payload


async def test_submit_only_from_draft(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()

    first = await group.post("submit")
    second = await group.post("submit")

    assert first.json()["status"] == "in_review"
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "roadmap_status_conflict"
