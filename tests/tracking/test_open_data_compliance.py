"""Open data validates as a Frictionless Data Package; compliance is computed from data."""

import json

import frictionless

from tests.tracking.conftest import deliver, event, tracked_commitment
from tests.tracking.test_progress import set_status
from tracking.config import TrackingSettings
from tracking.demo import load_demo


async def test_the_data_package_validates_with_frictionless(tracking, token_for, tmp_path):
    await tracked_commitment(tracking)
    await set_status(tracking, token_for, "c10", "c10-k1-a1", "verificado")
    await load_demo(tracking.app.state.settings)
    package = await tracking.get("/open-data/datapackage.json")
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "datapackage.json").write_text(package.text)
    for resource in package.json()["resources"]:
        csv = await tracking.get(f"/open-data/{resource['path']}")
        assert csv.status_code == 200
        assert csv.headers["content-type"].startswith("text/csv")
        (folder / resource["path"]).write_bytes(csv.content)

    report = frictionless.validate(str(folder / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = [r["name"] for r in package.json()["resources"]]
    assert names == [
        "commitments",
        "key_actions",
        "activities",
        "updates",
        "irm_assessments",
        "indicators",
    ]
    rows = (await tracking.get("/open-data/irm_assessments.json")).json()
    assert {r["report_type"] for r in rows} == {"design", "results"}
    assert (await tracking.get("/open-data/secretos.csv")).status_code == 404


async def test_the_demo_loads_the_fourth_plan_assessments_idempotently(tracking):
    settings: TrackingSettings = tracking.app.state.settings
    first, _ = await load_demo(settings)
    second, _ = await load_demo(settings)
    await deliver(
        tracking,
        event(
            "roadmaps.commitment.published.v1",
            {
                "commitment_id": "c9",
                "plan_code": "MX-4PA",
                "number": 9,
                "slug": "fideicomisos",
                "title": "Fideicomisos",
                "problem": "",
                "summary": "",
                "lead_institutions": [],
                "cso_coresponsible": [],
                "published_at": "2019-12-01T12:00:00+00:00",
            },
        ),
    )
    await tracked_commitment(tracking)

    detail = (await tracking.get("/commitments/c10")).json()
    nine = (await tracking.get("/commitments/c9")).json()
    board = (await tracking.get("/plans/MX-4PA/dashboard")).json()

    assert "13 autoevaluaciones" in first and "0 autoevaluaciones" in second
    assert detail["self_assessment"]["status"] == "completed"
    assert detail["irm"]["latest"]["results"]["did_it_open_government"] == "outstanding"
    itrn = {i["label"]: (i["baseline"], i["result"], i["target"]) for i in detail["indicators"]}
    assert itrn == {
        "agua": (0.19, 0.6, 0.5),
        "bosques": (0.35, 0.44, 0.5),
        "pesca": (0.33, 0.52, 0.5),
    }
    assert nine["inactive"] is True
    assert nine["self_assessment"]["inactive_since"] == "2020-10-21"
    assert board["self_assessment_counts"]["inactive"] == 1  # of the two tracked here


async def test_compliance_is_computed_from_meetings_updates_and_committee_inputs(
    tracking, token_for
):
    await tracked_commitment(tracking)
    for i, held in enumerate(["2020-02-10", "2020-09-01", "2021-03-01"]):
        await deliver(
            tracking,
            event(
                "roadmaps.meeting.recorded.v1",
                {
                    "meeting_id": f"m{i}",
                    "plan_code": "MX-4PA",
                    "commitment_id": "c10",
                    "commitment_number": 10,
                    "held_on": held,
                    "kind": "working_group",
                    "attendees_by_sector": {"cso": {"women": 1, "men": 1, "other": 0, "total": 2}},
                    "attendees_total": 2,
                    "with_civil_society": True,
                },
            ),
        )
    refused = await tracking.put(
        "/plans/MX-4PA/compliance-inputs", json={}, headers=token_for("government")
    )
    saved = await tracking.put(
        "/plans/MX-4PA/compliance-inputs",
        json={
            "period_starts_on": "2020-01-01",
            "period_ends_on": "2021-12-31",
            "timeline_published_on": "2019-05-24",
            "cocreation_starts_on": "2019-06-24",
        },
        headers=token_for("committee"),
    )

    tally = {"process_id": "p4", "plan_code": "MX-4PA", "computed_at": "2021-01-05T10:00:00Z"}
    tally |= {"contributions": 100, "answered": 90, "topics": {"total": 100, "answered": 90}}
    tally |= {"comments": {"total": 0, "answered": 0}}
    await deliver(tracking, event("consultation.responses.tallied.v1", tally))
    result = (await tracking.get("/plans/MX-4PA/compliance")).json()
    checks = {c["key"]: c for c in result["checks"]}

    assert refused.status_code == 403 and saved.status_code == 200
    assert checks["implementation_meetings_with_cso"]["status"] == "not_met"  # 1 in 2021
    years = checks["implementation_meetings_with_cso"]["evidence"]["by_year"]
    assert [(y["year"], y["count"]) for y in years] == [(2020, 2), (2021, 1)]
    assert checks["forum_every_six_months"]["status"] == "not_met"  # no forum meetings
    assert checks["reasoned_response"]["status"] == "at_risk"
    assert checks["timeline_before_cocreation"]["status"] == "met"
    assert checks["repository_updated"]["status"] == "not_met"
    assert all(c["computed_from"] for c in result["checks"])
    json.dumps(result)
