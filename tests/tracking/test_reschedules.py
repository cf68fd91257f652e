"""A rescheduled activity keeps its original dates and each change with the responsible
party's public explanation; overdue marks follow the current end date."""

import copy

from tests.tracking.conftest import (
    deliver,
    key_action,
    published_event,
    roadmap_event,
    tracked_commitment,
)


def _activity(detail: dict, activity_id: str) -> dict:
    return next(
        a for ka in detail["key_actions"] for a in ka["activities"] if a["id"] == activity_id
    )


def _moved(kas: list[dict], activity_id: str, start: str, end: str, reason: str = "") -> list:
    moved = copy.deepcopy(kas)
    for ka in moved:
        for a in ka["activities"]:
            if a["activity_id"] == activity_id:
                a.update(start_date=start, end_date=end)
                if reason:
                    a["reschedule_reason"] = reason
    return moved


KAS = [key_action("c10-k1", 60, 2), key_action("c10-k2", 40, 1)]


async def test_an_amendment_that_moves_dates_keeps_the_original_and_the_reason(tracking):
    await tracked_commitment(tracking, key_actions=KAS)
    v2 = _moved(KAS, "c10-k1-a1", "2020-03-01", "2099-06-30", "Retraso en la licitación")
    await deliver(tracking, roadmap_event("c10", 10, v2, version=2))
    v3 = _moved(v2, "c10-k2-a1", "2020-02-01", "2099-12-31")  # no own reason
    third = roadmap_event("c10", 10, v3, version=3)
    await deliver(tracking, third)
    again = await deliver(tracking, third)

    detail = (await tracking.get("/commitments/c10")).json()
    moved = _activity(detail, "c10-k1-a1")
    unchanged = _activity(detail, "c10-k1-a2")
    second = _activity(detail, "c10-k2-a1")

    assert again.json()["status"] == "duplicate"
    assert (moved["start_date"], moved["end_date"]) == ("2020-03-01", "2099-06-30")
    assert (moved["original_start_date"], moved["original_end_date"]) == (
        "2020-01-15",
        "2021-08-31",
    )
    assert moved["rescheduled"] is True
    assert moved["overdue"] is False  # the current end date has not passed
    assert [
        (c["roadmap_version"], c["previous_end_date"], c["end_date"], c["reason"])
        for c in moved["reschedules"]
    ] == [(2, "2021-08-31", "2099-06-30", "Retraso en la licitación")]
    # Without a reason of its own the amendment's justification explains the change.
    assert [c["reason"] for c in second["reschedules"]] == ["Ajuste por COVID-19"]
    assert (unchanged["rescheduled"], unchanged["reschedules"]) == (False, [])
    assert unchanged["overdue"] is True  # 31 August 2021 passed, not complete
    assert unchanged["original_end_date"] == unchanged["end_date"] == "2021-08-31"


async def test_a_reason_left_from_an_earlier_change_is_not_reused(tracking):
    await tracked_commitment(tracking, key_actions=KAS)
    v2 = _moved(KAS, "c10-k1-a1", "2020-03-01", "2030-06-30", "Retraso en la licitación")
    await deliver(tracking, roadmap_event("c10", 10, v2, version=2))
    v3 = _moved(v2, "c10-k1-a1", "2020-03-01", "2031-06-30")  # the old reason still there
    await deliver(tracking, roadmap_event("c10", 10, v3, version=3))

    moved = _activity((await tracking.get("/commitments/c10")).json(), "c10-k1-a1")

    assert [(c["previous_end_date"], c["end_date"], c["reason"]) for c in moved["reschedules"]] == [
        ("2021-08-31", "2030-06-30", "Retraso en la licitación"),
        ("2030-06-30", "2031-06-30", "Ajuste por COVID-19"),
    ]
    assert moved["original_end_date"] == "2021-08-31"


async def test_the_dashboard_counts_overdue_and_rescheduled_activities(tracking):
    await tracked_commitment(tracking, key_actions=KAS)
    v2 = _moved(KAS, "c10-k1-a1", "2020-03-01", "2099-06-30", "Retraso")
    await deliver(tracking, roadmap_event("c10", 10, v2, version=2))

    dashboard = (await tracking.get("/plans/MX-4PA/dashboard")).json()
    stale = (await tracking.get("/plans/MX-4PA/stale-commitments")).json()

    item = next(c for c in dashboard["commitments"] if c["id"] == "c10")
    assert (item["overdue_activities"], item["rescheduled_activities"]) == (2, 1)
    overdue = next(c for c in stale["commitments"] if c["id"] == "c10")["overdue_activities"]
    # The rescheduled one is no longer overdue: its current end date is in 2099.
    assert sorted(a["id"] for a in overdue) == ["c10-k1-a2", "c10-k2-a1"]


async def test_an_older_version_arriving_late_still_gives_the_original_dates(tracking):
    await deliver(tracking, published_event("c10", 10))
    v2 = _moved(KAS, "c10-k1-a1", "2020-03-01", "2099-06-30", "Retraso en la licitación")
    await deliver(tracking, roadmap_event("c10", 10, v2, version=2))
    await deliver(tracking, roadmap_event("c10", 10, KAS, version=1))  # late

    moved = _activity((await tracking.get("/commitments/c10")).json(), "c10-k1-a1")

    assert (moved["original_start_date"], moved["original_end_date"]) == (
        "2020-01-15",
        "2021-08-31",
    )
    assert (moved["start_date"], moved["end_date"]) == ("2020-03-01", "2099-06-30")
    assert [(c["roadmap_version"], c["end_date"], c["reason"]) for c in moved["reschedules"]] == [
        (2, "2099-06-30", "Retraso en la licitación")
    ]
