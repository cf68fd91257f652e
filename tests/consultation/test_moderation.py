"""Reports hide a topic after the threshold; the Committee restores or hides with a reason."""

from tests.consultation.conftest import propose


async def test_reports_hide_then_committee_restores(consultation, process_id, citizen, token_for):
    author = citizen("autor")
    topic = await propose(consultation, author, process_id)
    url = f"/topics/{topic['id']}"
    reason = {"reason": "Contiene insultos."}

    first = await consultation.post(f"{url}/reports", json=reason, headers=citizen("r1"))
    duplicate = await consultation.post(f"{url}/reports", json=reason, headers=citizen("r1"))
    for name in ("r2", "r3"):
        await consultation.post(f"{url}/reports", json=reason, headers=citizen(name))
    public = await consultation.get(url)
    own = await consultation.get(url, headers=author)
    vote = await consultation.post(f"{url}/votes", headers=citizen())
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
    assert vote.status_code == 409 and vote.json()["error"]["code"] == "topic_not_votable"
    assert no_reason.status_code == 422 and not_committee.status_code == 403
    assert restored.status_code == 200 and restored.json()["status"] == "published"
    actions = [(e["action"], e["reason"]) for e in history.json()]
    assert actions[-2:] == [
        ("topic.hidden_by_reports", "3 reportes"),
        ("topic.published", "No incumple las reglas."),
    ]
