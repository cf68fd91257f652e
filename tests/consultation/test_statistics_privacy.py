"""Statistics suppress cells under 5 and what would give them away; people export their
data; a deleted account leaves anonymous contributions and votes that still count."""

from sqlalchemy import func, select

from consultation.votes.models import Vote
from tests.consultation.conftest import propose
from tests.consultation.test_systematization import deliver


def cells(stats: dict, table: str) -> dict:
    return {c["key"]: (c["count"], c["suppressed"]) for c in stats["tables"][table]}


async def test_small_cells_are_suppressed(consultation, process_id, citizen):
    water = await propose(consultation, citizen("a0"), process_id, area="fiscal_openness")
    justice = await propose(
        consultation, citizen("b0"), process_id, area="justice", state_code="09"
    )
    demographics = {
        "gender": "mujer",
        "age_band": "30-44",
        "consent": True,
        "privacy_notice_version": "v1",
    }
    for n in range(6):
        voter = citizen(f"v{n}")
        await consultation.put("/me/demographics", json=demographics, headers=voter)
        await consultation.post(f"/topics/{water['id']}/votes", headers=voter)
    await consultation.post(f"/topics/{justice['id']}/votes", headers=citizen("v0"))

    stats = (await consultation.get(f"/processes/{process_id}/statistics")).json()
    csv = await consultation.get(f"/processes/{process_id}/statistics", params={"format": "csv"})

    # 7 votes, 1 on justice: showing the 6 would give the 1 away, so both are withheld.
    assert cells(stats, "votes_by_area") == {
        "fiscal_openness": (None, True),
        "justice": (None, True),
    }
    assert stats["totals"]["votes"]["count"] == 7
    assert cells(stats, "topics_by_area")["justice"] == (1, False)  # topics are public
    assert cells(stats, "participants_by_gender") == {"mujer": (None, True), None: (None, True)}
    assert stats["totals"]["participants"]["count"] == 8
    assert csv.headers["content-type"].startswith("text/csv")
    assert "votes_by_area,justice,Justicia,,True" in csv.text


async def test_demographics_need_consent(consultation, citizen):
    response = await consultation.put(
        "/me/demographics",
        json={"gender": "mujer", "consent": False, "privacy_notice_version": "v1"},
        headers=citizen(),
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "consent_required"


async def test_export_and_deletion(consultation, process_id, citizen, token_for):
    ana = citizen("ana")
    topic = await propose(consultation, ana, process_id)
    await consultation.post(f"/topics/{topic['id']}/votes", headers=ana)
    await consultation.post("/me/curp", json={"curp": "HEGG560427MVZRRL04"}, headers=ana)

    export = (await consultation.get("/me/export", headers=ana)).json()
    await deliver(consultation, "auth.account.deleted.v1", {"account_id": "acct-ana"})
    page = (await consultation.get(f"/topics/{topic['id']}")).json()
    again = token_for("citizen", sub="acct-ana-2", email_verified=True, voter_key="vk-ana")
    revote = await consultation.post(f"/topics/{topic['id']}/votes", headers=again)
    export_after = (await consultation.get("/me/export", headers=ana)).json()

    assert [t["id"] for t in export["topics"]] == [topic["id"]]
    assert len(export["votes"]) == 1 and export["curp"]["registered"] is True
    assert "curp_hash" not in str(export)
    assert page["author_name"] is None and page["votes_count"] == 1
    assert revote.status_code == 409
    assert export_after["topics"] == [] and export_after["curp"]["registered"] is False
    async with consultation.app.state.db.transaction(read_only=True) as session:
        votes = await session.execute(select(func.count()).select_from(Vote))
        assert votes.scalar_one() == 1
