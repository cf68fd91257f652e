"""A commitment may continue one of an earlier plan, and the link reads both ways."""


async def _commitment(roadmaps, committee, plan: str, number: int, **extra) -> dict:
    body = {"plan_code": plan, "number": number, "slug": f"c-{number}", "title": f"{plan} {number}"}
    answer = await roadmaps.post("/commitments", json=body | extra, headers=committee)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_a_commitment_continues_one_of_an_earlier_plan_both_ways(roadmaps, token_for):
    committee = token_for("committee")
    earlier = await _commitment(roadmaps, committee, "MX-3PA", 8)
    await roadmaps.post(f"/commitments/{earlier['id']}/publish", headers=committee)
    later = await _commitment(
        roadmaps, committee, "MX-4PA", 8, continues_commitment_id=earlier["id"]
    )
    await roadmaps.post(f"/commitments/{later['id']}/publish", headers=committee)
    draft = await _commitment(
        roadmaps, committee, "MX-5PA", 1, continues_commitment_id=earlier["id"]
    )

    forward = (await roadmaps.get(f"/commitments/{later['id']}/continuity")).json()
    backward = (await roadmaps.get(f"/commitments/{earlier['id']}/continuity")).json()
    staff = await roadmaps.get(f"/commitments/{earlier['id']}/continuity", headers=committee)

    assert later["continues_commitment_id"] == earlier["id"]
    assert forward["continues"]["plan_code"] == "MX-3PA"
    assert forward["continued_by"] == []
    assert [c["id"] for c in backward["continued_by"]] == [later["id"]]  # the draft is hidden
    assert [c["id"] for c in staff.json()["continued_by"]] == [later["id"], draft["id"]]


async def test_continuity_must_name_another_plans_existing_commitment(roadmaps, token_for):
    committee = token_for("committee")
    first = await _commitment(roadmaps, committee, "MX-4PA", 1)
    same_plan = {"plan_code": "MX-4PA", "number": 2, "slug": "c-2", "title": "Dos"}

    refused = [
        await roadmaps.post(
            "/commitments", json=same_plan | {"continues_commitment_id": wanted}, headers=committee
        )
        for wanted in (first["id"], "no-existe")
    ]
    patched = await roadmaps.patch(
        f"/commitments/{first['id']}",
        json={"continues_commitment_id": first["id"]},
        headers=committee | {"If-Match": '"1"'},
    )

    assert [r.status_code for r in refused] == [422, 422]
    assert refused[0].json()["error"]["code"] == "invalid_continuity"
    assert patched.status_code == 422
    shown = await roadmaps.get(f"/commitments/{first['id']}", headers=committee)
    assert shown.json()["continues_commitment_id"] is None
    assert shown.json()["version"] == 1
