"""Tracking writes that race are decided by the database: validations of one update given at
the same moment see each other (the update is published once, its event emitted once), and
one pending update per activity holds under concurrent submissions."""

import asyncio

from sqlalchemy import func, select

from kit import audit
from tests.tracking.conftest import CSO, GOV, key_action, tracked_commitment
from tests.tracking.test_notifications_webhooks import outbox
from tracking.updates.models import ProgressUpdate

ACTIVITIES = 12
COMMITTEE = ("sfp-1", "nosc-1")


async def _commitment_with_activities(client) -> list[str]:
    await tracked_commitment(client, key_actions=[key_action("c10-k1", 100, ACTIVITIES)])
    return [f"c10-k1-a{n}" for n in range(1, ACTIVITIES + 1)]


def _report(activity_id: str) -> dict:
    return {
        "activity_id": activity_id,
        "new_status": "completo",
        "narrative": "Se publicó el informe.",
        "links": ["https://example.org/informe"],
    }


async def _submit_all(client, token_for, activities: list[str]) -> list[str]:
    ids = []
    for activity_id in activities:
        created = await client.post(
            "/commitments/c10/updates",
            json=_report(activity_id),
            headers=token_for("government", sub=GOV),
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    return ids


async def _webhook(client, token_for) -> None:
    created = await client.post(
        "/webhooks",
        json={"url": "https://agencia.example/cocrea", "topics": ["tracking.update.published.v1"]},
        headers=token_for("client", sub="client:agencia", scope="tracking:webhooks"),
    )
    assert created.status_code == 201, created.text


async def test_concurrent_validations_publish_each_update_once(tracking, token_for):
    """Per update, at the same moment: the CSO side and two Committee members approve. Every
    update ends published with one validation per side; the second Committee approval is
    refused (409); one webhook event and one status change per update."""
    activities = await _commitment_with_activities(tracking)
    await _webhook(tracking, token_for)
    update_ids = await _submit_all(tracking, token_for, activities)
    approve = {"decision": "approve"}
    cso = token_for("cso", sub=CSO)
    committee = [token_for("committee", sub=sub) for sub in COMMITTEE]
    calls = [
        tracking.post(f"/updates/{update_id}/validation", json=approve, headers=headers)
        for update_id in update_ids
        for headers in (cso, *committee)
    ]

    responses = await asyncio.gather(*calls)

    assert all(r.status_code in (200, 409) for r in responses), [r.text for r in responses]
    assert [r.status_code for r in responses].count(200) == 2 * ACTIVITIES
    refused = [r.json()["error"]["code"] for r in responses if r.status_code == 409]
    # the late Committee approval meets either its side's validation or the published update
    assert len(refused) == ACTIVITIES
    assert set(refused) <= {"already_validated", "update_not_pending"}
    listed = await tracking.get("/commitments/c10/updates", headers=token_for("committee"))
    assert {u["id"]: u["state"] for u in listed.json()} == dict.fromkeys(update_ids, "published")
    detail = (await tracking.get("/commitments/c10")).json()
    statuses = {a["id"]: a["status"] for ka in detail["key_actions"] for a in ka["activities"]}
    assert statuses == dict.fromkeys(activities, "verificado")
    async with tracking.app.state.db.transaction(read_only=True) as session:
        for update_id in update_ids:
            steps = [
                s["action"] for s in await audit.history(session, "progress_update", update_id)
            ]
            assert sorted(steps) == [
                "update.submitted",
                "update.validated_by_committee",
                "update.validated_by_cso",
            ]
    events = [r for r in await outbox(tracking.app) if r["topic"] == "tracking.update.published.v1"]
    assert sorted(e["payload"]["update_id"] for e in events) == sorted(update_ids)


async def test_concurrent_reports_leave_one_pending_update_per_activity(tracking, token_for):
    """Two people of the government side report each activity five times at once: exactly
    one report per activity is accepted, the others answer 409 ``update_already_pending``."""
    activities = await _commitment_with_activities(tracking)
    reporters = [token_for("government", sub=sub) for sub in (GOV, "gov-2")]
    calls = [
        tracking.post("/commitments/c10/updates", json=_report(activity_id), headers=headers)
        for activity_id in activities
        for headers in reporters
        for _ in range(5)
    ]

    responses = await asyncio.gather(*calls)

    codes = [r.status_code for r in responses]
    assert codes.count(201) == ACTIVITIES, [r.text for r in responses if r.status_code >= 500]
    assert codes.count(409) == len(calls) - ACTIVITIES
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "update_already_pending"
    }
    async with tracking.app.state.db.transaction(read_only=True) as session:
        query = (
            select(ProgressUpdate.activity_id, func.count())
            .where(ProgressUpdate.state == "pending")
            .group_by(ProgressUpdate.activity_id)
        )
        pending = dict((await session.execute(query)).all())
    assert pending == dict.fromkeys(activities, 1)


async def test_a_report_cannot_claim_verified(tracking, token_for):
    """ "Verificado" is the outcome of validation: a report up to "completo" only, and a
    "completo" with nothing to back it stays "completo" once validated."""
    await tracked_commitment(tracking)
    gov = token_for("government", sub=GOV)
    claimed = await tracking.post(
        "/commitments/c10/updates",
        json=_report("c10-k1-a1") | {"new_status": "verificado"},
        headers=gov,
    )
    bare = await tracking.post(
        "/commitments/c10/updates", json=_report("c10-k1-a2") | {"links": []}, headers=gov
    )
    for headers in (token_for("cso", sub=CSO), token_for("committee", sub="sfp-1")):
        await tracking.post(
            f"/updates/{bare.json()['id']}/validation",
            json={"decision": "approve"},
            headers=headers,
        )
    detail = (await tracking.get("/commitments/c10")).json()
    statuses = {a["id"]: a["status"] for ka in detail["key_actions"] for a in ka["activities"]}

    assert claimed.status_code == 422
    assert claimed.json()["error"]["code"] == "validation_error"
    assert statuses["c10-k1-a1"] == "por_iniciar"
    assert statuses["c10-k1-a2"] == "completo"


async def test_first_compliance_inputs_saved_at_once_keep_one_row(tracking, token_for):
    """Found by schemathesis (two roles saving the example at the same moment): the second
    first save was a 500 (a duplicate primary key); both saves now succeed on one row."""
    bodies = [
        {"period_starts_on": "2020-01-01", "period_ends_on": f"2022-08-{day}"}
        for day in range(20, 28)
    ]
    answers = await asyncio.gather(
        *(
            tracking.put(
                "/plans/MX-9PA/compliance-inputs",
                json=body,
                headers=token_for("committee", sub=f"sfp-{n}"),
            )
            for n, body in enumerate(bodies)
        )
    )
    assert [a.status_code for a in answers] == [200] * len(bodies), [a.text for a in answers]
    assert {a.json()["period_ends_on"] for a in answers} == {b["period_ends_on"] for b in bodies}
