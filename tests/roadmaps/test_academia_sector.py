"""Academia is a sector of its own in a working group (not folded into civil society)."""

from tests.roadmaps.workspace import open_group


async def test_an_academic_joins_a_working_group_as_academia(roadmaps, token_for):
    group = await open_group(roadmaps, token_for, members={})

    added = await group.add("acad-1", "Rosa CIDE", "academia")
    responsible = await roadmaps.post(
        f"/commitments/{group.commitment_id}/working-group/members",
        json={
            "account_id": "acad-2",
            "name": "Luis UNAM",
            "sector": "academia",
            "group_role": "responsible_cso_person",
        },
        headers=group.committee,
    )
    shown = await roadmaps.get(f"/commitments/{group.commitment_id}/working-group")

    assert added.json()["sector"] == "academia"
    assert responsible.status_code == 422  # the CSO responsible answers for civil society
    assert [m["sector"] for m in shown.json()["members"]] == ["academia"]
