"""In a process that requires a CURP, one CURP casts at most one vote per topic for the life
of the process: deleting the account and registering again with another e-mail does not
give the same CURP a second vote. Only the keyed hash is kept for that."""

from sqlalchemy import select

from consultation.votes.models import CurpVote
from tests.consultation.conftest import propose
from tests.consultation.test_systematization import deliver
from tests.consultation.test_votes import _counts, _set_rules

CURP = "HEGG560427MVZRRL04"


async def _voter_with_curp(client, citizen, name: str) -> dict[str, str]:
    headers = citizen(name)  # its own account and e-mail (voter_key)
    registered = await client.post("/me/curp", json={"curp": CURP}, headers=headers)
    assert registered.status_code == 201, registered.text
    return headers


async def _curp_rows(app) -> list[tuple[str, str]]:
    async with app.state.db.transaction(read_only=True) as session:
        rows = (await session.execute(select(CurpVote))).scalars()
        return sorted((r.topic_id, r.voter_key) for r in rows)


async def test_a_deleted_account_re_registered_cannot_vote_again(consultation, process_id, citizen):
    await _set_rules(consultation.app, process_id, requires_curp=True)
    topic = await propose(consultation, citizen(), process_id)
    url = f"/topics/{topic['id']}/votes"
    first = await consultation.post(url, headers=await _voter_with_curp(consultation, citizen, "a"))
    await deliver(consultation, "auth.account.deleted.v1", {"account_id": "acct-a"})

    again = await consultation.post(url, headers=await _voter_with_curp(consultation, citizen, "b"))

    assert first.status_code == 201
    assert again.status_code == 409 and again.json()["error"]["code"] == "vote_already_cast"
    assert await _counts(consultation.app, topic["id"]) == (1, 1)
    rows = await _curp_rows(consultation.app)
    assert rows == [(topic["id"], "vk-a")]
    assert all(CURP not in str(row) for row in rows)


async def test_a_withdrawn_vote_frees_the_curp_for_that_topic(consultation, process_id, citizen):
    await _set_rules(consultation.app, process_id, requires_curp=True)
    topic, other = [await propose(consultation, citizen(), process_id) for _ in range(2)]
    voter = await _voter_with_curp(consultation, citizen, "c")

    cast = await consultation.post(f"/topics/{topic['id']}/votes", headers=voter)
    elsewhere = await consultation.post(f"/topics/{other['id']}/votes", headers=voter)
    withdrawn = await consultation.delete(f"/topics/{topic['id']}/votes/mine", headers=voter)
    await deliver(consultation, "auth.account.deleted.v1", {"account_id": "acct-c"})
    new_account = await _voter_with_curp(consultation, citizen, "d")
    recast = await consultation.post(f"/topics/{topic['id']}/votes", headers=new_account)
    twice = await consultation.post(f"/topics/{other['id']}/votes", headers=new_account)

    assert (cast.status_code, elsewhere.status_code, withdrawn.status_code) == (201, 201, 204)
    assert recast.status_code == 201
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "vote_already_cast"
    assert await _counts(consultation.app, topic["id"]) == (1, 1)
    assert await _counts(consultation.app, other["id"]) == (1, 1)


async def test_a_merge_counts_one_curp_once(consultation, process_id, citizen, token_for):
    """The same CURP voted for both topics through two accounts (the first one deleted):
    after the merge the survivor counts it once, and its CURP row moved with the vote."""
    await _set_rules(consultation.app, process_id, requires_curp=True)
    duplicate, survivor = [await propose(consultation, citizen(), process_id) for _ in range(2)]
    first = await _voter_with_curp(consultation, citizen, "e")
    await consultation.post(f"/topics/{duplicate['id']}/votes", headers=first)
    await deliver(consultation, "auth.account.deleted.v1", {"account_id": "acct-e"})
    second = await _voter_with_curp(consultation, citizen, "f")
    await consultation.post(f"/topics/{survivor['id']}/votes", headers=second)
    plain = citizen("g")  # another person, who voted for the duplicate only
    await consultation.post("/me/curp", json={"curp": "GODE561231HDFRRN00"}, headers=plain)
    await consultation.post(f"/topics/{duplicate['id']}/votes", headers=plain)

    merged = await consultation.post(
        f"/topics/{duplicate['id']}/merge",
        json={"into_topic_id": survivor["id"], "reason": "Mismo problema."},
        headers=token_for("committee"),
    )

    assert merged.status_code in (200, 201), merged.text
    assert await _counts(consultation.app, survivor["id"]) == (2, 2)
    assert sorted(await _curp_rows(consultation.app)) == sorted(
        [(duplicate["id"], "vk-e"), (survivor["id"], "vk-f"), (survivor["id"], "vk-g")]
    )
