"""Every contribution gets a reasoned answer; publishing it notifies in-app and by e-mail."""

from tests.consultation.conftest import propose
from tests.consultation.test_systematization import _outbox


async def test_answer_drafted_then_published_and_notified(
    consultation, process_id, citizen, token_for
):
    committee = token_for("committee")
    author, follower = citizen("autora"), citizen("seguidor")
    topic = await propose(consultation, author, process_id)
    other = await propose(consultation, citizen(), process_id, title="Otro problema público")
    url = f"/topics/{topic['id']}"
    await consultation.put(f"{url}/followers/mine", headers=follower)
    answer = {"state": "not_adopted", "justification": "La propuesta no compete a la APF."}

    no_reason = await consultation.put(
        f"{url}/response", json={"state": "accepted", "justification": ""}, headers=committee
    )
    drafted = await consultation.put(f"{url}/response", json=answer, headers=committee)
    hidden_while_draft = await consultation.get(url)
    report_before = await consultation.get(f"/processes/{process_id}/responses/report")
    published = await consultation.post(f"{url}/response/publish", headers=committee)
    shown = await consultation.get(url)
    report = await consultation.get(f"/processes/{process_id}/responses/report")
    notes = await consultation.get("/me/notifications", headers=follower)

    assert no_reason.status_code == 422
    assert drafted.status_code == 200 and drafted.json()["status"] == "draft"
    assert hidden_while_draft.json()["answer"] is None
    assert report_before.json()["topics"]["drafted"] == 1
    assert published.json()["status"] == "published"
    assert shown.json()["answer"]["state"] == "not_adopted"
    assert report.json()["topics"] == {
        "total": 2,
        "answered": 1,
        "drafted": 0,
        "share": 0.5,
        "by_state": {"not_adopted": 1},
    }
    assert [n["kind"] for n in notes.json()["items"]] == ["response_published"]
    mails = [
        e
        for e in await _outbox(consultation.app)
        if e["topic"].endswith("notification.requested.v1")
    ]
    assert sorted(m["payload"]["account_id"] for m in mails) == ["acct-autora", "acct-seguidor"]
    assert all(m["destination"] == "http://gateway.test/internal/events" for m in mails)
    assert other["id"] != topic["id"]


async def test_only_the_committee_answers(consultation, process_id, citizen, token_for):
    topic = await propose(consultation, citizen(), process_id)
    answer = {"state": "accepted", "justification": "Se integra al plan como compromiso."}
    response = await consultation.put(
        f"/topics/{topic['id']}/response", json=answer, headers=token_for("government")
    )
    assert response.status_code == 403


async def test_the_answered_share_is_sent_to_tracking(consultation, process_id, citizen, token_for):
    """Tracking's compliance view reads this count; nobody types it in."""
    committee = token_for("committee")
    topic = await propose(consultation, citizen(), process_id)
    await propose(consultation, citizen(), process_id, title="Otro problema público")
    answer = {"state": "accepted", "justification": "Se integra al tema de agua."}
    await consultation.put(f"/topics/{topic['id']}/response", json=answer, headers=committee)
    await consultation.post(f"/topics/{topic['id']}/response/publish", headers=committee)

    sent = [e for e in await _outbox(consultation.app) if e["topic"].startswith("consultation.res")]
    latest = max(sent, key=lambda e: e["payload"]["computed_at"])["payload"]

    assert len(sent) == 3  # two proposals and one published answer
    assert latest["plan_code"] == "MX-5PA"
    assert (latest["contributions"], latest["answered"]) == (2, 1)
    assert latest["topics"] == {"total": 2, "answered": 1}


async def test_a_notice_is_marked_read_by_its_owner_only(
    consultation, process_id, citizen, token_for
):
    author, stranger = citizen("autora"), citizen("otra")
    topic = await propose(consultation, author, process_id)
    answer = {"state": "accepted", "justification": "Se integra al plan como compromiso."}
    committee = token_for("committee")
    await consultation.put(f"/topics/{topic['id']}/response", json=answer, headers=committee)
    await consultation.post(f"/topics/{topic['id']}/response/publish", headers=committee)
    [notice] = (await consultation.get("/me/notifications", headers=author)).json()["items"]
    read = f"/me/notifications/{notice['id']}/read"

    by_stranger = await consultation.post(read, headers=stranger)
    anonymous = await consultation.post(read)
    still_unread = (await consultation.get("/me/notifications", headers=author)).json()
    first = await consultation.post(read, headers=author)
    [after] = (await consultation.get("/me/notifications", headers=author)).json()["items"]
    again = await consultation.post(read, headers=author)
    [after_again] = (await consultation.get("/me/notifications", headers=author)).json()["items"]
    missing = await consultation.post("/me/notifications/nada/read", headers=author)

    assert notice["read_at"] is None
    assert by_stranger.status_code == 404
    assert by_stranger.json()["error"]["code"] == "notification_not_found"
    assert anonymous.status_code == 401
    assert still_unread["items"][0]["read_at"] is None
    assert first.status_code == 204 and after["read_at"] is not None
    assert again.status_code == 204 and after_again["read_at"] == after["read_at"]
    assert missing.status_code == 404
