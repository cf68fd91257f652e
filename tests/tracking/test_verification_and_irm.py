"""The IRM assessment write path: each report type takes only its own scales; and the demo
loader's self-assessments follow the same inactive rule as the API."""

import json

import pytest

from tests.conftest import ROOT
from tests.tracking.conftest import tracked_commitment
from tracking.assessments.schemas import SelfAssessmentWrite
from tracking.assessments.service import check_inactive_rule
from tracking.demo import self_assessments

URL = "/commitments/c10/irm-assessments"
DESIGN = {
    "report_type": "design",
    "report_name": "Informe de diseño de México 2019-2021",
    "assessed_on": "2020-11-30",
    "verifiable": True,
    "relevance": ["access_to_information", "technology_and_innovation"],
    "potential_impact": "moderate",
}
RESULTS = {
    "report_type": "results",
    "report_name": "Informe de resultados 2019-2022",
    "assessed_on": "2023-06-01",
    "completion": "substantial",
    "did_it_open_government": "major",
}


async def test_each_report_type_records_its_own_scales(tracking, token_for):
    await tracked_commitment(tracking)
    committee = token_for("committee", sub="sfp-1")

    design = await tracking.post(URL, json=DESIGN, headers=committee)
    results = await tracking.post(URL, json=RESULTS, headers=committee)
    listed = (await tracking.get(URL)).json()
    detail = (await tracking.get("/commitments/c10")).json()

    assert design.status_code == 201, design.text
    assert results.status_code == 201, results.text
    assert [(a["report_type"], a["assessed_on"]) for a in listed] == [
        ("design", "2020-11-30"),
        ("results", "2023-06-01"),
    ]
    assert listed[0]["relevance"] == ["access_to_information", "technology_and_innovation"]
    assert detail["irm"]["latest"]["design"]["potential_impact"] == "moderate"
    assert detail["irm"]["latest"]["results"]["completion"] == "substantial"


async def test_the_legacy_ogp_value_key_is_taken_as_the_current_one(tracking, token_for):
    await tracked_commitment(tracking)
    body = DESIGN | {"relevance": ["technology_innovation"]}

    answer = await tracking.post(URL, json=body, headers=token_for("committee"))

    assert answer.status_code == 201, answer.text
    assert answer.json()["relevance"] == ["technology_and_innovation"]


@pytest.mark.parametrize(
    "body",
    [
        DESIGN | {"completion": "complete"},
        DESIGN | {"did_it_open_government": "marginal"},
        RESULTS | {"potential_impact": "minor"},
        DESIGN | {"relevance": ["transparencia"]},
        DESIGN | {"potential_impact": "huge"},
        RESULTS | {"completion": "done"},
        DESIGN | {"report_type": "midterm"},
    ],
    ids=[
        "design-completion",
        "design-opened",
        "results-impact",
        "unknown-value",
        "unknown-impact",
        "unknown-completion",
        "unknown-report",
    ],
)
async def test_a_report_refuses_fields_that_are_not_its_own(tracking, token_for, body):
    await tracked_commitment(tracking)

    answer = await tracking.post(URL, json=body, headers=token_for("committee"))
    listed = (await tracking.get(URL)).json()

    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "validation_error"
    assert answer.json()["error"]["message"]
    assert listed == []


@pytest.mark.parametrize("role", ["government", "cso", "citizen"])
async def test_only_the_committee_records_irm_assessments(tracking, token_for, role):
    await tracked_commitment(tracking)
    answer = await tracking.post(URL, json=DESIGN, headers=token_for(role))
    assert answer.status_code == 403


def test_the_demo_self_assessments_follow_the_inactive_rule():
    data = json.loads((ROOT / "data" / "pa4-mexico-2019-2022.json").read_text())
    rows = {r.number: r for r in self_assessments("MX-4PA", data)}

    for row in rows.values():
        check_inactive_rule(SelfAssessmentWrite.model_validate(row, from_attributes=True))
    inactive = {n: r for n, r in rows.items() if r.status == "inactive"}
    assert sorted(inactive) == [1, 5, 9]
    assert all(r.inactive_reason and r.inactive_since for r in inactive.values())
    assert rows[9].inactive_since.isoformat() == "2020-10-21" and rows[9].note is None
    # no exit date in the source: the end of implementation, said in a note
    assert rows[5].inactive_since.isoformat() == "2022-08-31"
    assert "La fuente no da la fecha" in rows[5].note
