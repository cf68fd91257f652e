"""The OGP commitment template: its fields, their vocabularies (kept in step with the 4th
plan's data), and edits of a draft commitment without lost updates."""

import json
from pathlib import Path
from typing import Any

import pytest

from reference.ogp import OGP_VALUES
from roadmaps.roadmap.content import REQUIRED_ELEMENTS
from tests.roadmaps.workspace import PLAN

DATA = json.loads(
    (Path(__file__).resolve().parents[2] / "data" / "pa4-mexico-2019-2022.json").read_text()
)


def commitment(number: int = 1, **changes: Any) -> dict[str, Any]:
    body = {
        "plan_code": PLAN,
        "number": number,
        "slug": "gobierno-abierto",
        "title": "Estrategia subnacional de gobierno abierto",
        "problem": "Las agendas locales de gobierno abierto avanzan sin coordinación.",
        "summary": "Un modelo para articular agendas locales y federales.",
        "how_it_solves": "Un espacio de coordinación nacional y una metodología común.",
        "ogp_values": {
            "access_to_information": "Publica el diagnóstico de apertura por entidad.",
            "civic_participation": "Suma a organizaciones estatales a los planes locales.",
        },
        "areas": ["civic_participation", "access_to_information"],
        "sdg_targets": ["16.6", "16.10", "11.a"],
        "lead_institutions": ["INAI", "Secretaría de la Función Pública (SFP)"],
        "supporting_institutions": ["CIDE"],
        "cso_coresponsible": ["Gestión Social y Cooperación"],
        "cso_accompanying": ["Fundar"],
    }
    return body | changes


def test_the_required_elements_match_the_plan_data():
    # The areas are shared vocabulary, checked in tests/reference.
    assert REQUIRED_ELEMENTS == {
        e["key"]: e["label_es"]
        for e in sorted(DATA["roadmap_required_elements"], key=lambda e: e["order"])
    }
    assert list(REQUIRED_ELEMENTS) == [
        e["key"] for e in sorted(DATA["roadmap_required_elements"], key=lambda e: e["order"])
    ]


async def test_the_template_fields_are_kept_and_shown(roadmaps, token_for):
    committee = token_for("committee")

    created = await roadmaps.post("/commitments", json=commitment(), headers=committee)

    assert created.status_code == 201, created.text
    body = created.json()
    for field, value in commitment().items():
        assert body[field] == value, field
    assert (body["plan_level"], body["state_code"], body["version"]) == ("federal", None, 1)
    assert body["source_topics"] == []
    shown = await roadmaps.get(f"/commitments/{body['id']}", headers=committee)
    assert shown.headers["etag"] == '"1"'


async def test_one_key_per_ogp_value_and_the_legacy_key_is_accepted(roadmaps, token_for):
    """``technology_and_innovation`` as in tracking's IRM assessments; the key this service
    used before (``technology_innovation``) is taken on input and stored as the current one."""
    legacy = {"technology_innovation": "Publica los datos en formatos abiertos."}

    created = await roadmaps.post(
        "/commitments", json=commitment(ogp_values=legacy), headers=token_for("committee")
    )

    assert created.status_code == 201, created.text
    assert created.json()["ogp_values"] == {
        "technology_and_innovation": "Publica los datos en formatos abiertos."
    }
    assert "technology_and_innovation" in OGP_VALUES and "technology_innovation" not in OGP_VALUES


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"areas": ["salud"]}, "areas.0"),
        ({"sdg_targets": ["16"]}, "sdg_targets.0"),
        ({"ogp_values": {"transparencia": "x"}}, "ogp_values.transparencia.[key]"),
        ({"plan_level": "state"}, ""),
        ({"plan_level": "state", "state_code": "33"}, "state_code"),
    ],
)
async def test_template_vocabularies_are_enforced(roadmaps, token_for, changes, field):
    response = await roadmaps.post(
        "/commitments", json=commitment(**changes), headers=token_for("committee")
    )

    assert response.status_code == 422
    assert field in [d["field"] for d in response.json()["error"]["details"]]


async def test_a_state_plan_names_its_state(roadmaps, token_for):
    body = commitment(plan_code="MX-CDMX-2PA", plan_level="state", state_code="09")

    response = await roadmaps.post("/commitments", json=body, headers=token_for("committee"))

    assert response.status_code == 201
    assert (response.json()["plan_level"], response.json()["state_code"]) == ("state", "09")


async def test_a_draft_commitment_is_edited_with_if_match(roadmaps, token_for):
    committee = token_for("committee")
    created = (await roadmaps.post("/commitments", json=commitment(), headers=committee)).json()
    url = f"/commitments/{created['id']}"
    change = {"areas": ["anti_corruption"], "sdg_targets": ["16.5"]}

    missing = await roadmaps.patch(url, json=change, headers=committee)
    saved = await roadmaps.patch(url, json=change, headers=committee | {"If-Match": '"1"'})
    stale = await roadmaps.patch(
        url, json={"title": "Otro"}, headers=committee | {"If-Match": '"1"'}
    )
    by_cso = await roadmaps.patch(url, json=change, headers=token_for("cso") | {"If-Match": '"2"'})
    to_state = await roadmaps.patch(
        url, json={"plan_level": "state"}, headers=committee | {"If-Match": '"2"'}
    )

    assert missing.status_code == 428
    assert saved.status_code == 200
    assert saved.headers["etag"] == '"2"'
    assert (saved.json()["areas"], saved.json()["title"]) == (["anti_corruption"], created["title"])
    assert stale.status_code == 412
    assert stale.json()["error"]["details"]["current"]["areas"] == ["anti_corruption"]
    assert by_cso.status_code == 403
    assert to_state.status_code == 422
    assert to_state.json()["error"]["code"] == "invalid_plan_scope"

    await roadmaps.post(f"{url}/publish", headers=committee)
    published = await roadmaps.patch(url, json=change, headers=committee | {"If-Match": '"3"'})
    assert published.status_code == 409
    assert published.json()["error"]["code"] == "commitment_already_published"


async def test_renumbering_keeps_numbers_unique(roadmaps, token_for):
    committee = token_for("committee")
    await roadmaps.post("/commitments", json=commitment(1), headers=committee)
    second = (await roadmaps.post("/commitments", json=commitment(2), headers=committee)).json()

    response = await roadmaps.patch(
        f"/commitments/{second['id']}", json={"number": 1}, headers=committee | {"If-Match": '"1"'}
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "commitment_number_taken"
