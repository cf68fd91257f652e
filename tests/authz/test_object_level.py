"""Object-level authorization (BOLA) with real objects, through the live gateway: the
gateway lets these roles through, so only the owning service's check stands between a
caller and someone else's roadmap, topic, vote or progress update. Every refusal is paired
with the same action by the rightful person succeeding, so a broken setup cannot pass."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.authz.live import citizen, eventually, new_topic, open_process_id, sql
from tests.fault.stack import Stack
from tests.roadmaps.workspace import CSO, GOV, MEMBERS, Group, editable, open_group

OTHER_GROUP = {
    "sp-otro": ("Otro Servidor", "government", "responsible_public_servant"),
    "osc-otra": ("Otra Organización", "cso", "responsible_cso_person"),
}
ADMIN_IN_GROUP = "adm-gob"  # an admin who is also a government member of the group


@pytest.fixture(scope="module")
async def roadmaps(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{stack.url}/api/v1/roadmaps", timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
async def other_group(roadmaps: httpx.AsyncClient, token_for: Callable) -> Group:
    return await open_group(roadmaps, token_for, 90, members=OTHER_GROUP)


def _code(answer: httpx.Response) -> str | None:
    return answer.json().get("error", {}).get("code")


async def test_only_members_of_the_group_edit_its_roadmap(
    roadmaps: httpx.AsyncClient, token_for: Callable, other_group: Group
):
    group = await open_group(roadmaps, token_for, 91)
    await group.create_roadmap()
    read = await group.get()
    body = editable(read.json(), final_result="Resultado reescrito por otra organización.")
    etag = read.headers["etag"]

    outsider = await roadmaps.put(
        group.roadmap_url,
        json=body,
        headers=token_for("cso", sub="osc-otra") | {"If-Match": etag},
    )
    after_outsider = await group.get()
    member = await group.put(body | {"final_result": "Resultado del grupo."}, etag, as_=CSO)

    assert "osc-otra" in other_group.members
    assert outsider.status_code == 403 and _code(outsider) == "not_a_group_member"
    assert after_outsider.headers["etag"] == etag
    assert (
        after_outsider.json()["content"]["final_result"] == read.json()["content"]["final_result"]
    )
    assert member.status_code == 200, member.text
    assert member.json()["content"]["final_result"] == "Resultado del grupo."


async def _activities(stack: Stack, commitment_id: str) -> list[str]:
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as client:
        answer = await client.get(f"/api/v1/tracking/commitments/{commitment_id}")
    if answer.status_code != 200:
        return []
    return [a["id"] for ka in answer.json().get("key_actions", []) for a in ka["activities"]]


async def _members_known(stack: Stack, commitment_id: str, count: int) -> bool:
    query = "SELECT count(*) FROM working_group_member WHERE commitment_id = $1 AND active"
    return await sql(stack, "tracking", query, commitment_id) >= count


@pytest.fixture(scope="module")
async def tracked(stack: Stack, roadmaps: httpx.AsyncClient, token_for: Callable) -> dict:
    """A published roadmap (group with an admin who is also a government member), as the
    tracking service knows it once the events arrive."""
    members = MEMBERS | {ADMIN_IN_GROUP: ("Admin Gobierno", "government", "member")}
    group = await open_group(roadmaps, token_for, 92, members=members)
    await group.publish()
    activities = await eventually(lambda: _activities(stack, group.commitment_id))
    assert len(activities) == 2, "the published roadmap never reached tracking"
    known = await eventually(lambda: _members_known(stack, group.commitment_id, len(members)))
    assert known, "the working group never reached tracking"
    return {"commitment_id": group.commitment_id, "activities": activities}


def _update(activity_id: str) -> dict[str, Any]:
    return {"activity_id": activity_id, "new_status": "en_proceso", "narrative": "Avance."}


async def test_a_government_member_of_another_group_cannot_report_progress(
    gateway: httpx.AsyncClient, token_for: Callable, tracked: dict, other_group: Group
):
    url = f"/api/v1/tracking/commitments/{tracked['commitment_id']}/updates"
    body = _update(tracked["activities"][0])
    outsider = await gateway.post(url, json=body, headers=token_for("government", sub="sp-otro"))
    member = await gateway.post(url, json=body, headers=token_for("government", sub=GOV))

    assert outsider.status_code == 403 and _code(outsider) == "not_working_group_member"
    assert member.status_code == 201, member.text
    assert member.json()["state"] == "pending"


async def test_nobody_validates_their_own_update(
    gateway: httpx.AsyncClient, token_for: Callable, tracked: dict
):
    admin = token_for("admin", sub=ADMIN_IN_GROUP)
    url = f"/api/v1/tracking/commitments/{tracked['commitment_id']}/updates"
    submitted = await gateway.post(url, json=_update(tracked["activities"][1]), headers=admin)
    assert submitted.status_code == 201, submitted.text
    validation = f"/api/v1/tracking/updates/{submitted.json()['id']}/validation"

    own = await gateway.post(validation, json={"decision": "approve"}, headers=admin)
    by_cso = await gateway.post(
        validation, json={"decision": "approve"}, headers=token_for("cso", sub=CSO)
    )

    assert own.status_code == 403 and _code(own) == "self_validation"
    assert by_cso.status_code == 200, by_cso.text
    assert by_cso.json()["cso_validation"]["by"] == CSO
    assert by_cso.json()["committee_validation"]["at"] is None


async def test_a_citizen_touches_only_their_own_topic_and_vote(
    stack: Stack, gateway: httpx.AsyncClient, token_for: Callable
):
    author, voter, intruder = (citizen(token_for, s) for s in ("cit-autora", "cit-a", "cit-b"))
    process_id = await open_process_id(gateway)
    topic = await new_topic(gateway, author, process_id, "Agua potable en la sierra")
    url = f"/api/v1/consultation/topics/{topic['id']}"

    edited_by_intruder = await gateway.patch(url, json={"title": "Otro título"}, headers=intruder)
    withdrawn_by_intruder = await gateway.post(f"{url}/withdraw", headers=intruder)
    edited_by_author = await gateway.patch(
        url, json={"title": "Agua potable en la sierra norte"}, headers=author
    )
    vote = await gateway.post(f"{url}/votes", headers=voter)
    intruder_unvotes = await gateway.delete(f"{url}/votes/mine", headers=intruder)
    count_after_intruder = (await gateway.get(url)).json()["votes_count"]
    rows = "SELECT count(*) FROM vote WHERE topic_id = $1 AND voter_key = $2"
    kept = await sql(stack, "consultation", rows, topic["id"], "vk-cit-a")
    voter_unvotes = await gateway.delete(f"{url}/votes/mine", headers=voter)

    assert edited_by_intruder.status_code == 403 and _code(edited_by_intruder) == "not_topic_author"
    assert withdrawn_by_intruder.status_code == 403
    assert _code(withdrawn_by_intruder) == "not_topic_author"
    assert edited_by_author.status_code == 200, edited_by_author.text
    assert edited_by_author.json()["status"] == "published"
    assert vote.status_code == 201 and vote.json()["votes_count"] == 1
    assert intruder_unvotes.status_code == 404 and _code(intruder_unvotes) == "vote_not_found"
    assert count_after_intruder == 1 and kept == 1
    assert voter_unvotes.status_code == 204
    assert (await gateway.get(url)).json()["votes_count"] == 0
