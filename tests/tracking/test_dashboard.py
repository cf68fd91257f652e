"""The public tablero: conditional GETs, filters, and replay gives the same tablero."""

import json
import random
from datetime import UTC, datetime, timedelta

from tests.tracking.conftest import (
    MEMBERS,
    deliver,
    event,
    key_action,
    published_event,
    roadmap_event,
    tracked_commitment,
)


async def test_revalidation_answers_304_until_something_changes(tracking, token_for):
    await tracked_commitment(tracking)
    first = await tracking.get("/plans/MX-4PA/dashboard")
    etag = first.headers["etag"]
    same = await tracking.get("/plans/MX-4PA/dashboard", headers={"If-None-Match": etag})
    detail = await tracking.get("/commitments/c10")
    detail_same = await tracking.get(
        "/commitments/c10", headers={"If-None-Match": detail.headers["etag"]}
    )
    await tracking.put(
        "/commitments/c10/self-assessment",
        json={"status": "limited"},
        headers=token_for("committee"),
    )
    changed = await tracking.get("/plans/MX-4PA/dashboard", headers={"If-None-Match": etag})

    assert first.status_code == 200
    assert "max-age" in first.headers["cache-control"]
    assert same.status_code == 304 and same.content == b""
    assert same.headers["etag"] == etag
    assert detail_same.status_code == 304
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert changed.json()["commitments"][0]["self_assessment"] == "limited"


async def test_filters_by_area_institution_and_status(tracking, token_for):
    await deliver(
        tracking,
        published_event(
            "c1", 1, areas=["anti_corruption"], lead_institutions=["Secretaría de Bienestar"]
        ),
    )
    await deliver(
        tracking,
        published_event("c2", 2, areas=["environment_climate"], lead_institutions=["Semarnat"]),
    )
    await tracking.put(
        "/commitments/c1/self-assessment",
        json={
            "status": "inactive",
            "inactive_reason": "Salieron las OSC.",
            "inactive_since": "2021-12-01",
        },
        headers=token_for("committee"),
    )

    def numbers(response):
        return [c["number"] for c in response.json()["commitments"]]

    by_area = await tracking.get("/plans/MX-4PA/dashboard", params={"area": "environment_climate"})
    by_institution = await tracking.get(
        "/plans/MX-4PA/dashboard", params={"institution": "bienestar"}
    )
    by_status = await tracking.get("/plans/MX-4PA/dashboard", params={"status": "inactive"})
    unassessed = await tracking.get("/plans/MX-4PA/dashboard", params={"status": "sin_evaluar"})
    wrong = await tracking.get("/plans/MX-4PA/dashboard", params={"status": "terminado"})

    assert numbers(by_area) == [2]
    assert numbers(by_institution) == [1]
    assert numbers(by_status) == [1]
    assert by_status.json()["commitments"][0]["inactive_reason"] == "Salieron las OSC."
    assert by_status.json()["self_assessment_counts"]["inactive"] == 1
    assert numbers(unassessed) == [2]
    assert wrong.status_code == 422


def sequence() -> list[dict]:
    t0 = datetime(2020, 1, 1, tzinfo=UTC)
    events = [published_event(f"c{n}", n) for n in (1, 2, 3)]
    for i, e in enumerate(events):
        e["occurred_at"] = (t0 + timedelta(minutes=i)).isoformat()
    events += [
        roadmap_event(
            "c1",
            1,
            [key_action("c1-k1", 70, 2), key_action("c1-k2", 30, 1)],
            occurred_at=t0 + timedelta(hours=1),
        ),
        roadmap_event("c2", 2, [key_action("c2-k1", 100, 3)], occurred_at=t0 + timedelta(hours=1)),
        roadmap_event(
            "c1",
            1,
            [key_action("c1-k1", 50, ["c1-k1-a1"]), key_action("c1-k3", 50, 2)],
            version=2,
            occurred_at=t0 + timedelta(hours=2),
        ),
        event(
            "roadmaps.working_group.member_removed.v1",
            {"commitment_id": "c2", "plan_code": "MX-4PA", "member": MEMBERS[2]},
            occurred_at=t0 + timedelta(hours=3),
        ),
        event(
            "roadmaps.meeting.recorded.v1",
            {
                "meeting_id": "m1",
                "plan_code": "MX-4PA",
                "commitment_id": "c1",
                "held_on": "2020-02-10",
                "kind": "working_group",
                "commitment_number": 1,
                "minutes_url": None,
                "attendees_by_sector": {"cso": {"women": 1, "men": 1, "other": 0, "total": 2}},
                "attendees_total": 2,
                "with_civil_society": True,
            },
            occurred_at=t0 + timedelta(hours=4),
        ),
    ]
    return events


async def test_replaying_the_same_events_gives_the_same_tablero(start_tracking):
    events = sequence()
    boards = []
    for replay in (events, events, [*events, *random.Random(5).sample(events, len(events))]):
        async with start_tracking() as client:
            for e in replay:
                assert (await deliver(client, e)).status_code == 200
            board = await client.get("/plans/MX-4PA/dashboard")
            detail = await client.get("/commitments/c1")
            boards.append((board.content, board.headers["etag"], _stable(detail.json())))
    assert boards[0] == boards[1] == boards[2]
    assert json.loads(boards[0][0])["progress"]["commitments_with_data"] == 2


def _stable(detail: dict) -> dict:
    # Reception timestamps differ between databases; everything shown from events must not.
    detail.pop("updated_at")
    detail["roadmap"].pop("versions")
    return detail


async def test_made_up_filters_cannot_flood_the_dashboard_cache(tracking):
    await tracked_commitment(tracking)
    plain = await tracking.get("/plans/MX-4PA/dashboard")
    cache = tracking.app.state.public_cache
    held = set(cache._items)

    for n in range(200):
        flood = await tracking.get("/plans/MX-4PA/dashboard", params={"institution": f"x{n}"})
        assert flood.status_code == 200
        unknown = await tracking.get(f"/plans/NO-{n}/dashboard", params={"area": f"a{n}"})
        assert unknown.status_code == 422  # not one of the ten areas: refused, not cached
    same = await tracking.get("/plans/MX-4PA/dashboard", params={"institution": "  X7 "})

    assert set(cache._items) == held  # the plain dashboard was never evicted
    assert plain.status_code == 200 and same.status_code == 200
    assert len(tracking.app.state.filtered_cache._items) <= 16
