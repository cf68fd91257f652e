"""Roadmaps arrive by events: versions kept, stale ones ignored, statuses survive amendments,
working-group membership follows the member events."""

from datetime import UTC, datetime, timedelta

from tests.tracking.conftest import (
    CSO,
    GOV,
    MEMBERS,
    deliver,
    event,
    key_action,
    roadmap_event,
    tracked_commitment,
)
from tests.tracking.test_progress import set_status


def activities(detail) -> dict[str, str]:
    return {a["id"]: a["status"] for ka in detail["key_actions"] for a in ka["activities"]}


async def test_a_roadmap_event_twice_changes_nothing_and_old_versions_stay_readable(
    tracking, token_for
):
    await tracked_commitment(tracking)
    await set_status(tracking, token_for, "c10", "c10-k1-a1", "completo")
    amended = roadmap_event(
        "c10",
        10,
        [key_action("c10-k1", 50, ["c10-k1-a1", "c10-k1-a3"]), key_action("c10-k3", 50, 1)],
        version=2,
    )
    first = await deliver(tracking, amended)
    again = await deliver(tracking, amended)
    stale = await deliver(tracking, roadmap_event("c10", 10, [key_action("c10-k9", 100, 1)]))
    detail = (await tracking.get("/commitments/c10")).json()
    v1 = await tracking.get("/commitments/c10/roadmap/versions/1")

    assert (first.json()["status"], again.json()["status"]) == ("processed", "duplicate")
    assert stale.json()["status"] == "processed"  # kept as history, not applied
    assert detail["roadmap"]["version"] == 2
    assert [v["version"] for v in detail["roadmap"]["versions"]] == [1, 2]
    assert detail["roadmap"]["versions"][1]["justification"] == "Ajuste por COVID-19"
    assert activities(detail) == {
        "c10-k1-a1": "completo",
        "c10-k1-a3": "por_iniciar",
        "c10-k3-a1": "por_iniciar",
    }
    assert [ka["id"] for ka in detail["key_actions"]] == ["c10-k1", "c10-k3"]
    assert v1.status_code == 200
    assert [k["key_action_id"] for k in v1.json()["content"]["key_actions"]] == ["c10-k1", "c10-k2"]


async def test_membership_follows_member_events(tracking, token_for):
    await tracked_commitment(tracking)
    removed = event(
        "roadmaps.working_group.member_removed.v1",
        {"commitment_id": "c10", "plan_code": "MX-4PA", "member": MEMBERS[0]},
    )
    newcomer = MEMBERS[0] | {"account_id": "gov-9", "name": "Nueva Persona"}
    added = event(
        "roadmaps.working_group.member_added.v1",
        {"commitment_id": "c10", "plan_code": "MX-4PA", "member": newcomer},
    )
    older_add = event(
        "roadmaps.working_group.member_added.v1",
        {"commitment_id": "c10", "plan_code": "MX-4PA", "member": MEMBERS[0]},
        occurred_at=datetime.now(UTC) - timedelta(hours=1),
    )
    await deliver(tracking, removed)
    await deliver(tracking, added)
    await deliver(tracking, older_add)  # arrives late: does not bring GOV back

    body = {"activity_id": "c10-k1-a1", "new_status": "en_proceso", "narrative": "Avance"}
    gone = await tracking.post(
        "/commitments/c10/updates", json=body, headers=token_for("government", sub=GOV)
    )
    new = await tracking.post(
        "/commitments/c10/updates", json=body, headers=token_for("government", sub="gov-9")
    )
    group = (await tracking.get("/commitments/c10")).json()["working_group"]

    assert gone.status_code == 403
    assert new.status_code == 201
    assert "Nueva Persona" in [m["name"] for m in group]
    assert "Ana Gobierno" not in [m["name"] for m in group]
    assert all("account_id" not in m for m in group)
    assert CSO  # the CSO member is still there
    assert {m["sector"] for m in group} == {"government", "cso", "inai"}
