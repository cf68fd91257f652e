"""The rest of OGP's commitment template (risk analysis, gender perspective, ambition,
short- and medium-term objectives) and the PND axis: written, read back, edited."""

import json

from tests.conftest import ROOT
from tests.roadmaps.workspace import PLAN

DATA = json.loads((ROOT / "data" / "pa4-mexico-2019-2022.json").read_text("utf-8"))
THIRTEEN = DATA["commitments"][12]
FIELDS = {
    "pnd_axis": THIRTEEN["pnd_axis"],
    "risk_analysis": "Rotación del personal de los gobiernos locales.",
    "gender_perspective": "Paridad en los espacios de coordinación.",
    "ambition": "Una estrategia nacional para las 32 entidades.",
    "short_term_objective": "Diagnóstico de apertura institucional subnacional.",
    "medium_term_objective": "Un espacio de coordinación nacional en funcionamiento.",
}


async def test_the_template_fields_are_kept_and_edited(roadmaps, token_for):
    committee = token_for("committee")
    body = {"plan_code": PLAN, "number": 13, "slug": "gobierno-abierto", "title": "Estrategia"}

    created = await roadmaps.post("/commitments", json=body | FIELDS, headers=committee)
    url = f"/commitments/{created.json()['id']}"
    edited = await roadmaps.patch(
        url, json={"ambition": "Más ambición."}, headers=committee | {"If-Match": '"1"'}
    )
    too_long = await roadmaps.patch(
        url, json={"pnd_axis": "x" * 301}, headers=committee | {"If-Match": '"2"'}
    )
    bare = await roadmaps.post("/commitments", json=body | {"number": 14}, headers=committee)

    assert created.status_code == 201, created.text
    assert {k: created.json()[k] for k in FIELDS} == FIELDS
    assert edited.json()["ambition"] == "Más ambición."
    assert edited.json()["risk_analysis"] == FIELDS["risk_analysis"]
    assert too_long.status_code == 422
    assert (await roadmaps.get(url, headers=committee)).json()["pnd_axis"] == FIELDS["pnd_axis"]
    assert {k: bare.json()[k] for k in FIELDS} == dict.fromkeys(FIELDS, "")
