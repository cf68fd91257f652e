"""The plan's documents from tracking: the Committee's texts are versioned with a
compare-and-swap, the figures are counted from the records, and the 4th plan's report comes
out complete from the shipped data."""

import json

from tests.conftest import ROOT, migrate, running, service_settings
from tests.tracking.conftest import (
    deliver,
    event,
    key_action,
    published_event,
    roadmap_event,
    tracked_commitment,
)
from tracking.config import TrackingSettings
from tracking.demo import load_demo
from tracking.documents import seed
from tracking.main import create_app

URL = "/plans/MX-4PA/narrative"
TEXTS = {
    "introduction": "El Comité presenta el plan.",
    "commitments": {"10": {"results": ["Un tablero público"], "next_steps": ["Seguir"]}},
    "reported_figures": {"participants_total": {"value": 708, "source": "Autoevaluación 2023"}},
}


async def test_the_committees_texts_are_saved_as_versions_with_compare_and_swap(
    tracking, token_for
):
    committee = token_for("committee", sub="sfp-1")
    empty = await tracking.get(URL)
    missing = await tracking.put(URL, json=TEXTS, headers=committee)
    first = await tracking.put(URL, json=TEXTS, headers=committee | {"If-Match": '"0"'})
    second_body = TEXTS | {"introduction": "Segunda redacción."}
    stale = await tracking.put(URL, json=second_body, headers=committee | {"If-Match": '"0"'})
    second = await tracking.put(URL, json=second_body, headers=committee | {"If-Match": '"1"'})
    citizen = await tracking.put(
        URL, json=TEXTS, headers=token_for("citizen") | {"If-Match": '"2"'}
    )
    old = await tracking.get(URL + "/versions/1")

    assert (empty.json()["version"], empty.headers["etag"]) == (0, '"0"')
    assert missing.status_code == 428
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == '"1"'
    assert stale.status_code == 412
    assert stale.json()["error"]["details"]["current"]["introduction"] == TEXTS["introduction"]
    assert second.json()["version"] == 2
    assert citizen.status_code == 403
    assert old.json()["content"]["introduction"] == TEXTS["introduction"]
    assert (await tracking.get(URL)).json()["content"]["introduction"] == "Segunda redacción."
    assert (await tracking.get(URL + "/versions/9")).status_code == 404


async def test_bad_texts_are_refused_and_the_saved_ones_stay(tracking, token_for):
    committee = token_for("committee")
    await tracking.put(URL, json=TEXTS, headers=committee | {"If-Match": '"0"'})
    unknown = {"reported_figures": {"made_up": {"value": 1, "source": "x"}}}

    answer = await tracking.put(URL, json=unknown, headers=committee | {"If-Match": '"1"'})

    assert answer.status_code == 422
    assert answer.json()["error"]["code"]
    assert (await tracking.get(URL)).json()["content"]["introduction"] == TEXTS["introduction"]


def _meeting(n: int, held_on: str, kind: str, by_sector: dict, **extra) -> dict:
    body = {
        "meeting_id": f"m{n}",
        "plan_code": "MX-4PA",
        "held_on": held_on,
        "kind": kind,
        "commitment_id": None,
        "commitment_number": None,
        "minutes_url": None,
        "attendees_by_sector": by_sector,
        "attendees_total": sum(line["total"] for line in by_sector.values()),
        "with_civil_society": False,
    }
    return event("roadmaps.meeting.recorded.v1", body | extra)


async def test_the_report_counts_its_figures_from_the_records(tracking, token_for):
    await tracked_commitment(tracking)  # c10: three activities ending 2021-08-31
    await deliver(tracking, published_event("c11", 11))
    gov = {"women": 2, "men": 1, "other": 0, "total": 3}
    cso = {"women": 1, "men": 0, "other": 0, "total": 1}
    await deliver(tracking, _meeting(1, "2020-02-01", "working_group", {"government": gov}))
    await deliver(
        tracking,
        _meeting(
            2,
            "2021-03-01",
            "working_group",
            {"government": gov, "cso": cso},
            commitment_id="c10",
            with_civil_society=True,
        ),
    )
    await deliver(tracking, _meeting(3, "2021-06-01", "forum", {"cso": cso}))
    await tracking.put(
        "/commitments/c10/self-assessment",
        json={"status": "completed"},
        headers=token_for("committee"),
    )

    report = (await tracking.get("/plans/MX-4PA/documents/self-assessment")).json()
    totals = report["totals"]

    assert [c["number"] for c in report["commitments"]] == [10, 11]
    assert totals["commitments"] == 2
    assert totals["self_assessment"]["completed"] == 1
    assert totals["self_assessment"]["sin_evaluar"] == 1
    assert totals["activities"] == {
        "total": 3,
        "by_status": {"por_iniciar": 3, "en_proceso": 0, "completo": 0, "verificado": 0},
        "completed": 0,
        "verified": 0,
        "overdue": 3,  # ended 2021-08-31, never started
    }
    people = totals["participation"]
    assert people["meetings"] == 3
    assert people["forum_meetings"] == 1
    assert people["meetings_with_civil_society"] == 1
    assert people["meetings_by_year"] == {"2020": 1, "2021": 2}
    assert people["attendance"]["total"] == 3 + 3 + 1 + 1
    assert people["attendance"]["women"] == 2 + 2 + 1 + 1
    assert people["attendance"]["by_sector"]["cso"] == 2
    assert people["working_group_people"] == 4  # the roadmap's members, one per account
    assert people["working_group_people_by_sector"] == {"government": 2, "cso": 1, "inai": 1}
    assert report["built_from"]["data_version"] >= 1
    assert report["built_from"]["narrative_version"] == 0


async def test_the_action_plan_has_every_commitment_with_its_roadmap(tracking):
    await tracked_commitment(tracking)
    await deliver(tracking, published_event("c11", 11))
    kas = [key_action("c11-k1", 100, 1)]
    await deliver(tracking, roadmap_event("c11", 11, kas, version=1))

    plan = (await tracking.get("/plans/MX-4PA/documents/action-plan")).json()

    assert [c["number"] for c in plan["commitments"]] == [10, 11]
    assert plan["commitments"][0]["roadmap"]["final_result"] == "Resultado final"
    assert [len(ka["activities"]) for ka in plan["commitments"][0]["key_actions"]] == [2, 1]
    activity = plan["commitments"][0]["key_actions"][0]["activities"][0]
    assert (activity["end_date"], activity["status"], activity["overdue"]) == (
        "2021-08-31",
        "por_iniciar",
        True,
    )
    assert plan["built_from"]["roadmap_versions"] == {"10": 1, "11": 1}
    assert (await tracking.get("/plans/MX-9PA/documents/action-plan")).json()["commitments"] == []


async def test_the_fourth_plans_report_comes_out_complete_from_the_shipped_data(
    databases, jwks_file
):
    data = json.loads((ROOT / "data" / "pa4-mexico-2019-2022.json").read_text("utf-8"))
    url = await databases.new("tracking")
    await migrate("tracking", url)
    settings = service_settings(TrackingSettings, url, jwks_file)
    await load_demo(settings)
    first = await seed.load(settings)
    again = await seed.load(settings)
    async with running(create_app(settings)) as client:
        for c in data["commitments"]:
            raw = {"slug": c["slug"], "title": c["title"]}
            await deliver(client, published_event(f"pa4-{c['number']}", c["number"], **raw))
        report = (await client.get("/plans/MX-4PA/documents/self-assessment")).json()

    totals = report["totals"]
    figures = report["narrative"]["reported_figures"]
    assert "versión 1" in first and "sin cambios" in again
    assert [c["number"] for c in report["commitments"]] == list(range(1, 14))
    assert {k: v for k, v in totals["self_assessment"].items() if v} == {
        "completed": 7,
        "limited": 3,
        "inactive": 3,
    }
    assert figures["participants_total"]["value"] == 708
    assert figures["participants_women"]["value"] == 352
    assert figures["participants_cso"]["value"] == 70
    assert figures["meetings_multistakeholder"]["value"] == 344
    assert figures["outputs_diagnostics"]["value"] == 9
    assert figures["outputs_participation_spaces"]["value"] == 8
    # Counted from the IRM's records: early results in 8 commitments, 4 major or outstanding.
    opened = totals["irm_did_it_open_government"]
    assert 13 - opened["sin_dato"] == 8
    assert opened["major"] + opened["outstanding"] == 4
    texts = report["narrative"]["commitments"]
    assert texts["2"]["results"] == data["commitments"][1]["key_results"]
    assert texts["6"]["reasons"] == data["commitments"][5]["limited_reasons"]
    assert report["commitments"][0]["self_assessment"]["inactive_reason"]


async def test_overdue_activities_and_quiet_commitments_show_as_stale(tracking, token_for):
    await tracked_commitment(tracking)  # c10: three activities that ended 2021-08-31
    await deliver(tracking, published_event("c11", 11))  # no roadmap, no update ever
    await deliver(tracking, published_event("c12", 12))
    await tracking.put(
        "/commitments/c12/self-assessment",
        json={
            "status": "inactive",
            "inactive_reason": "Las OSC dejaron el grupo.",
            "inactive_since": "2021-12-01",
        },
        headers=token_for("committee"),
    )

    answer = (await tracking.get("/plans/MX-4PA/stale-commitments")).json()
    by_number = {c["number"]: c for c in answer["commitments"]}

    assert len(by_number[10]["overdue_activities"]) == 3
    assert by_number[10]["overdue_activities"][0]["end_date"] == "2021-08-31"
    assert by_number[10]["stale"] is True
    assert by_number[11]["overdue_activities"] == []
    assert by_number[11]["days_since_validated_update"] is None
    assert by_number[11]["stale"] is True  # never updated
    assert (by_number[12]["inactive"], by_number[12]["stale"]) == (True, False)
    assert answer["stale"] == 2
    refused = await tracking.get("/plans/MX-4PA/stale-commitments?stale_after_days=1")
    assert refused.status_code == 422


async def test_each_key_action_names_its_responsible_institution(tracking):
    ka = key_action("c10-k1", 100, 1) | {"responsible_institution": "Conagua"}
    await tracked_commitment(tracking, key_actions=[ka])
    await deliver(tracking, published_event("c11", 11))
    await deliver(tracking, roadmap_event("c11", 11, [key_action("c11-k1", 100, 1)]))

    plan = (await tracking.get("/plans/MX-4PA/documents/action-plan")).json()

    first, second = (c["key_actions"][0] for c in plan["commitments"])
    assert first["responsible_institution"] == "Conagua"
    assert second["responsible_institution"] == ""  # an event from before the field


async def test_academia_is_counted_as_its_own_sector(tracking):
    academic = {
        "account_id": "acad-1",
        "name": "Rosa CIDE",
        "sector": "academia",
        "group_role": "member",
        "organization": "CIDE",
    }
    await deliver(tracking, published_event("c10", 10))
    event_ = roadmap_event("c10", 10, [key_action("c10-k1", 100, 1)], members=[academic])
    assert (await deliver(tracking, event_)).json() == {"status": "processed"}

    report = (await tracking.get("/plans/MX-4PA/documents/self-assessment")).json()

    people = report["totals"]["participation"]
    assert people["working_group_people_by_sector"] == {"academia": 1}
    assert people["organizations_by_sector"] == {"academia": 1}
