"""Reports: only verified accounts count; outside voting enough of them hide a topic pending
the Committee's review, during voting they send it to the review queue and it stays up; a
hidden topic is a 404 to a reporter exactly like a missing one."""

from datetime import timedelta

from tests.consultation.conftest import mx_today, propose

REASON = {"reason": "Contiene insultos."}
AFTER_VOTING = mx_today() + timedelta(days=14)  # systematization (see process_id)


async def test_reports_hide_then_committee_restores(
    consultation, process_id, citizen, token_for, set_today
):
    author = citizen("autor")
    topic = await propose(consultation, author, process_id)
    url = f"/topics/{topic['id']}"
    set_today(AFTER_VOTING)

    first = await consultation.post(f"{url}/reports", json=REASON, headers=citizen("r1"))
    duplicate = await consultation.post(f"{url}/reports", json=REASON, headers=citizen("r1"))
    for name in ("r2", "r3"):
        await consultation.post(f"{url}/reports", json=REASON, headers=citizen(name))
    public = await consultation.get(url)
    own = await consultation.get(url, headers=author)
    no_reason = await consultation.post(
        f"{url}/moderation", json={"action": "restore"}, headers=token_for("committee")
    )
    not_committee = await consultation.post(
        f"{url}/moderation", json={"action": "restore", "reason": "Revisado."}, headers=author
    )
    restored = await consultation.post(
        f"{url}/moderation",
        json={"action": "restore", "reason": "No incumple las reglas."},
        headers=token_for("committee"),
    )
    history = await consultation.get(f"{url}/history", headers=token_for("committee"))

    assert first.status_code == 201 and first.json()["status"] == "published"
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "report_already_made"
    assert public.status_code == 404 and own.json()["status"] == "hidden"
    assert no_reason.status_code == 422 and not_committee.status_code == 403
    assert restored.status_code == 200 and restored.json()["status"] == "published"
    actions = [(e["action"], e["reason"]) for e in history.json()]
    assert actions[-2:] == [
        ("topic.hidden_by_reports", "3 reportes"),
        ("topic.published", "No incumple las reglas."),
    ]


async def test_reporting_a_hidden_topic_is_a_404_like_a_missing_one(
    consultation, process_id, citizen, token_for
):
    topic = await propose(consultation, citizen("autor"), process_id)
    url = f"/topics/{topic['id']}"
    hidden = await consultation.post(
        f"{url}/moderation",
        json={"action": "hide", "reason": "Datos personales de terceros."},
        headers=token_for("committee"),
    )
    assert hidden.status_code == 200

    reported = await consultation.post(f"{url}/reports", json=REASON, headers=citizen("curioso"))
    missing = await consultation.post(
        "/topics/no-existe/reports", json=REASON, headers=citizen("curioso")
    )

    assert reported.status_code == 404
    assert reported.json() == missing.json()
    assert topic["title"] not in reported.text


async def test_throwaway_accounts_cannot_hide_a_topic(consultation, process_id, citizen, set_today):
    topic = await propose(consultation, citizen("autor"), process_id)
    url = f"/topics/{topic['id']}"
    set_today(AFTER_VOTING)

    for name in ("t1", "t2", "t3", "t4", "t5"):
        response = await consultation.post(
            f"{url}/reports", json=REASON, headers=citizen(name, email_verified=False)
        )
        assert response.status_code == 201

    assert (await consultation.get(url)).json()["status"] == "published"


async def test_during_voting_reports_send_the_topic_to_review_not_away(
    consultation, process_id, citizen, token_for
):
    topic = await propose(consultation, citizen("autor"), process_id)
    url = f"/topics/{topic['id']}"

    for name in ("v1", "v2", "v3", "v4"):
        response = await consultation.post(f"{url}/reports", json=REASON, headers=citizen(name))
        assert response.status_code == 201
    public = await consultation.get(url)
    vote = await consultation.post(f"{url}/votes", headers=citizen("votante"))
    queue = await consultation.get(
        f"/processes/{process_id}/reported-topics", headers=token_for("committee")
    )
    not_committee = await consultation.get(
        f"/processes/{process_id}/reported-topics", headers=citizen("v1")
    )
    history = await consultation.get(f"{url}/history", headers=token_for("committee"))

    assert public.status_code == 200 and public.json()["status"] == "published"
    assert vote.status_code == 201
    assert [(t["id"], t["reports_count"]) for t in queue.json()["items"]] == [(topic["id"], 4)]
    assert not_committee.status_code == 403
    actions = [e["action"] for e in history.json()]
    assert actions.count("topic.review_requested") == 1
    assert "topic.hidden_by_reports" not in actions
