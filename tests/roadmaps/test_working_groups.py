"""Working groups: the Committee manages who is in them; membership changes are announced;
the group and its rules are public."""

from typing import Any

from sqlalchemy import select

from tests.roadmaps.workspace import CSO, GOV, PLAN, open_group


async def outbox(app: Any) -> list[tuple[str, dict]]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        return [
            (r.topic, r.payload) for r in await session.exec(select(table).order_by(table.c.seq))
        ]


def members_url(group) -> str:
    return f"/commitments/{group.commitment_id}/working-group/members"


async def test_membership_changes_are_announced_to_tracking(start_roadmaps, token_for):
    async with start_roadmaps(event_destinations={"tracking": "http://tracking"}) as roadmaps:
        group = await open_group(roadmaps, token_for, members={})
        await group.add(GOV, "Ana López", "government", "responsible_public_servant")
        removed = await roadmaps.delete(f"{members_url(group)}/{GOV}", headers=group.committee)
        events = [(t, p) for t, p in await outbox(roadmaps.app) if "working_group" in t]

    assert removed.status_code == 204
    member = {
        "account_id": GOV,
        "name": "Ana López",
        "sector": "government",
        "group_role": "responsible_public_servant",
        "organization": "Secretaría de Bienestar",
    }
    assert events == [
        (
            "roadmaps.working_group.member_added.v1",
            {"commitment_id": group.commitment_id, "plan_code": PLAN, "member": member},
        ),
        (
            "roadmaps.working_group.member_removed.v1",
            {"commitment_id": group.commitment_id, "plan_code": PLAN, "member": member},
        ),
    ]


async def test_anyone_reads_the_group_and_its_rules(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)

    response = await roadmaps.get(f"/commitments/{group.commitment_id}/working-group")

    assert response.status_code == 200
    body = response.json()
    assert body["rules_of_operation"] == ""
    assert [(m["account_id"], m["sector"], m["group_role"]) for m in body["members"]] == [
        (GOV, "government", "responsible_public_servant"),
        (CSO, "cso", "responsible_cso_person"),
        ("sp-maria", "government", "member"),
        ("osc-eva", "cso", "member"),
        ("inai-rosa", "inai", "member"),
    ]


async def test_only_the_committee_manages_membership(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    body = {"account_id": "nuevo", "name": "Nuevo", "sector": "cso"}

    by_member = await roadmaps.post(members_url(group), json=body, headers=group.as_(GOV))
    removal = await roadmaps.delete(f"{members_url(group)}/{CSO}", headers=group.as_(GOV))
    anonymous = await roadmaps.post(members_url(group), json=body)

    assert by_member.status_code == 403
    assert removal.status_code == 403
    assert anonymous.status_code == 401


async def test_membership_input_is_checked(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    again = {"account_id": GOV, "name": "Ana López", "sector": "government"}
    mismatch = {
        "account_id": "osc-x",
        "name": "Osc X",
        "sector": "cso",
        "group_role": "responsible_public_servant",
    }

    duplicate = await roadmaps.post(members_url(group), json=again, headers=group.committee)
    wrong_side = await roadmaps.post(members_url(group), json=mismatch, headers=group.committee)
    unknown = await roadmaps.delete(f"{members_url(group)}/nadie", headers=group.committee)
    bad_sector = await roadmaps.post(
        members_url(group),
        json=again | {"account_id": "y", "sector": "empresa"},
        headers=group.committee,
    )

    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "member_already_added"
    assert wrong_side.status_code == 422
    assert wrong_side.json()["error"]["code"] == "group_role_sector_mismatch"
    assert "«Gobierno», no a «Sociedad civil»" in wrong_side.json()["error"]["message"]
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "member_not_found"
    assert bad_sector.status_code == 422
    members = (await roadmaps.get(f"/commitments/{group.commitment_id}/working-group")).json()
    assert len(members["members"]) == 5


async def test_a_removed_member_can_no_longer_edit_and_leaves_a_gap(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()

    await roadmaps.delete(f"{members_url(group)}/{CSO}", headers=group.committee)
    edit = await group.put({"message": "x"}, etag='"1"', as_=CSO)
    shown = (await group.get()).json()

    assert edit.status_code == 403
    assert shown["content"]["responsible_cso_person"]["name"] == "Luis Pérez"  # history kept
    assert {"key": "responsible_cso_person", "label": "Persona de sociedad civil responsable"} in (
        shown["missing_elements"]
    )


async def test_my_working_groups_lists_only_mine(start_roadmaps, token_for):
    """A staff member sees the groups they belong to, with their sector and role."""
    async with start_roadmaps() as roadmaps:
        mine = await open_group(roadmaps, token_for, 1, members={})
        await mine.add(GOV, "Ana López", "government", "responsible_public_servant")
        other = await open_group(roadmaps, token_for, 2, members={})
        await other.add(CSO, "Luis Pérez", "cso", "responsible_cso_person")
        listed = await roadmaps.get("/me/working-groups", headers=token_for("government", sub=GOV))
        stranger = await roadmaps.get("/me/working-groups", headers=token_for("cso", sub="x"))
        anonymous = await roadmaps.get("/me/working-groups")
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [(g["commitment_id"], g["number"]) for g in items] == [(mine.commitment_id, 1)]
    assert (items[0]["sector"], items[0]["group_role"]) == (
        "government",
        "responsible_public_servant",
    )
    assert stranger.json()["items"] == []
    assert anonymous.status_code == 401
