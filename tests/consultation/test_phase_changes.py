"""The Committee extends or moves a phase with a public reason; bad dates change nothing."""

from consultation.processes.models import Process
from tests.consultation.test_processes import create, days, phase, process, statuses


async def test_committee_extends_the_consultation_with_a_recorded_reason(consultation, token_for):
    created = await create(
        consultation,
        token_for,
        process(phase("consultation", -20, -1), phase("systematization", 5, 9)),
    )
    assert statuses(created)["consultation"] == "closed"
    url = f"/processes/{created['id']}/phases/consultation"
    reason = "Se amplía la consulta por la emergencia sanitaria."
    extended = await consultation.put(
        url,
        json={"starts_on": days(-20), "ends_on": days(3), "reason": reason},
        headers=token_for("committee", sub="sfp-1"),
    )
    assert extended.status_code == 200, extended.text
    assert statuses(extended.json())["consultation"] == "open"
    assert extended.json()["current_phase"]["key"] == "consultation"
    changes = (await consultation.get(f"/processes/{created['id']}/phase-changes")).json()
    assert [
        (c["phase"], c["before"]["ends_on"], c["after"]["ends_on"], c["reason"]) for c in changes
    ] == [("consultation", days(-1), days(3), reason)]


async def test_bad_phase_changes_are_refused_and_change_nothing(consultation, token_for):
    created = await create(
        consultation,
        token_for,
        process(phase("consultation", -5, 5), phase("systematization", 6, 9)),
    )
    url = f"/processes/{created['id']}/phases"
    committee = token_for("committee")
    body = {"starts_on": days(-5), "ends_on": days(7), "reason": "Ampliación solicitada por OSC."}
    overlap = await consultation.put(f"{url}/consultation", json=body, headers=committee)
    backwards = await consultation.put(
        f"{url}/consultation",
        headers=committee,
        json={"starts_on": days(2), "ends_on": days(1), "reason": "Fechas equivocadas aquí."},
    )
    no_reason = await consultation.put(
        f"{url}/consultation", json=body | {"reason": "corta"}, headers=committee
    )
    unknown = await consultation.put(f"{url}/roadmaps", json=body, headers=committee)
    citizen = await consultation.put(f"{url}/consultation", json=body, headers=token_for("citizen"))
    assert overlap.status_code == 422 and overlap.json()["error"]["code"] == "phases_overlap"
    assert backwards.json()["error"]["code"] == "phase_ends_before_start"
    assert no_reason.status_code == 422
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_phase"
    assert citizen.status_code == 403
    after = (await consultation.get(f"/processes/{created['id']}")).json()
    assert after["phases"] == created["phases"]
    assert (await consultation.get(f"/processes/{created['id']}/phase-changes")).json() == []


async def test_voting_rules_are_set_when_the_process_is_created(consultation, token_for):
    created = await create(
        consultation,
        token_for,
        process(phase("consultation", -1, 5), votes_per_person=3, requires_curp=True),
    )
    async with consultation.app.state.db.transaction(read_only=True) as session:
        stored = await session.get(Process, created["id"])
    assert (stored.votes_per_person, stored.requires_curp) == (3, True)
