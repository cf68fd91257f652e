"""The Committee's queue: pending updates awaiting its validation, across commitments."""

from tests.tracking.conftest import CSO, GOV, tracked_commitment
from tests.tracking.test_updates import submit, validate


async def test_the_queue_lists_what_awaits_the_committee_oldest_first(tracking, token_for):
    await tracked_commitment(tracking)
    await tracked_commitment(tracking, "c11", 11)
    committee = token_for("committee", sub="sfp-1")
    first = (await submit(tracking, token_for)).json()["id"]
    second = (await submit(tracking, token_for, activity="c10-k1-a2")).json()["id"]
    other = await tracking.post(
        "/commitments/c11/updates",
        json={"activity_id": "c11-k2-a1", "new_status": "en_proceso", "narrative": "Avanza."},
        headers=token_for("government", sub=GOV),
    )
    returned = (await submit(tracking, token_for, activity="c10-k2-a1")).json()["id"]
    await validate(tracking, committee, returned, "reject", "Falta el acta.")
    await validate(tracking, token_for("cso", sub=CSO), first)
    await validate(tracking, committee, second)  # awaits the CSO side only: not queued

    queue = await tracking.get("/updates", params={"awaiting": "committee"}, headers=committee)
    items = queue.json()["items"]
    assert queue.status_code == 200, queue.text
    assert other.status_code == 201, other.text
    assert [i["id"] for i in items] == [first, other.json()["id"]]
    head = items[0]
    assert head["commitment_title"] == "Compromiso 10" and head["commitment_number"] == 10
    assert head["activity_title"] == "Actividad c10-k1-a1"
    assert head["key_action_title"] == "Acción c10-k1"
    assert head["indicator"] == "Documento publicado"
    assert head["cso_validation"]["by"] == CSO and head["committee_validation"]["at"] is None
    assert head["plan_code"] == "MX-4PA"


async def test_the_queue_pages_and_filters_by_plan(tracking, token_for):
    await tracked_commitment(tracking)
    committee = token_for("committee")
    ids = [
        (await submit(tracking, token_for, activity=a)).json()["id"]
        for a in ("c10-k1-a1", "c10-k1-a2", "c10-k2-a1")
    ]
    query = {"awaiting": "committee", "limit": 2}
    page_one = (await tracking.get("/updates", params=query, headers=committee)).json()
    query["cursor"] = page_one["next_cursor"]
    page_two = (await tracking.get("/updates", params=query, headers=committee)).json()
    other_plan = await tracking.get(
        "/updates", params={"awaiting": "committee", "plan_code": "MX-5PA"}, headers=committee
    )
    bad_cursor = await tracking.get(
        "/updates", params={"awaiting": "committee", "cursor": "nope"}, headers=committee
    )
    assert [i["id"] for i in page_one["items"] + page_two["items"]] == ids
    assert page_two["next_cursor"] is None
    assert other_plan.json()["items"] == []
    assert bad_cursor.status_code == 422


async def test_only_the_committee_reads_the_queue(tracking, token_for):
    query = {"awaiting": "committee"}
    anonymous = await tracking.get("/updates", params=query)
    cso = await tracking.get("/updates", params=query, headers=token_for("cso", sub=CSO))
    government = await tracking.get("/updates", params=query, headers=token_for("government"))
    no_filter = await tracking.get("/updates", headers=token_for("committee"))
    assert anonymous.status_code == 401
    assert cso.status_code == 403 and government.status_code == 403
    assert no_filter.status_code == 422
