"""Comments on a published commitment's progress: open once roadmaps publishes it, from a
citizen with a verified e-mail; the Committee sees what awaits an answer, answers with a
state and a public justification, the author is notified, and a hidden comment leaves."""

from tests.consultation.test_systematization import deliver

PUBLISHED = {
    "commitment_id": "cm-agua",
    "plan_code": "MX-5PA",
    "number": 1,
    "slug": "gasto-abierto-agua",
    "title": "Gasto abierto en agua",
    "problem": "…",
    "summary": "…",
    "lead_institutions": ["CONAGUA"],
    "cso_coresponsible": ["Fundar"],
    "published_at": "2025-09-01T10:00:00-06:00",
    "areas": [],
    "supporting_institutions": [],
    "cso_accompanying": [],
    "source_theme_id": None,
    "demo": False,
}
URL = "/commitments/cm-agua/comments"
BODY = {"body": "La actividad 2 venció en marzo y no hay evidencia publicada."}


async def test_comment_answered_and_author_notified(consultation, process_id, citizen, token_for):
    before = await consultation.post(URL, json=BODY, headers=citizen("lucia"))
    await deliver(consultation, "roadmaps.commitment.published.v1", PUBLISHED)
    author = citizen("lucia")
    created = await consultation.post(URL, json=BODY, headers=author)
    comment_id = created.json()["id"]
    committee = token_for("committee")
    awaiting = await consultation.get("/commitment-comments?plan_code=MX-5PA", headers=committee)
    answer = {"state": "accepted", "justification": "Se publicará la evidencia en abril."}
    path = f"/commitment-comments/{comment_id}/response"
    drafted = await consultation.put(path, json=answer, headers=committee)
    public_before_publish = (await consultation.get(URL)).json()["items"][0]["answer"]
    await consultation.post(f"{path}/publish", headers=committee)
    listed = (await consultation.get(URL)).json()["items"]
    after = await consultation.get("/commitment-comments", headers=committee)
    notes = (await consultation.get("/me/notifications", headers=author)).json()["items"]

    assert before.status_code == 404
    assert created.status_code == 201 and created.json()["author_name"] == "lucia"
    first = awaiting.json()["items"][0]
    assert (first["id"], first["commitment_title"], first["drafted"]) == (
        comment_id,
        "Gasto abierto en agua",
        False,
    )
    assert drafted.status_code == 200 and public_before_publish is None
    assert listed[0]["answer"]["state"] == "accepted"
    assert listed[0]["answer"]["justification"] == answer["justification"]
    assert after.json()["items"] == []
    assert [n["link"] for n in notes] == ["/tablero/compromisos/cm-agua#comentarios"]
    assert "avance" in notes[0]["subject"]


async def test_only_verified_citizens_comment_and_text_is_checked(
    consultation, process_id, citizen, token_for
):
    await deliver(consultation, "roadmaps.commitment.published.v1", PUBLISHED)
    unverified = await consultation.post(
        URL, json=BODY, headers=citizen("pedro", email_verified=False)
    )
    anonymous = await consultation.post(URL, json=BODY)
    too_short = await consultation.post(URL, json={"body": "no"}, headers=citizen("ana"))
    committee_list = await consultation.get("/commitment-comments", headers=citizen("ana"))

    assert unverified.status_code == 403
    assert unverified.json()["error"]["code"] == "email_not_verified"
    assert anonymous.status_code == 401
    assert too_short.status_code == 422
    assert committee_list.status_code == 403


async def test_hidden_comment_leaves_the_page_and_the_queue(
    consultation, process_id, citizen, token_for
):
    await deliver(consultation, "roadmaps.commitment.published.v1", PUBLISHED)
    created = await consultation.post(URL, json=BODY, headers=citizen("lucia"))
    committee = token_for("committee")
    path = f"/commitment-comments/{created.json()['id']}/moderation"
    hidden = await consultation.post(
        path, json={"action": "hide", "reason": "Contiene datos personales."}, headers=committee
    )
    again = await consultation.post(
        path, json={"action": "hide", "reason": "Contiene datos personales."}, headers=committee
    )
    public = (await consultation.get(URL)).json()["items"]
    queue = (await consultation.get("/commitment-comments", headers=committee)).json()["items"]

    assert hidden.status_code == 200 and hidden.json()["status"] == "hidden"
    assert again.status_code == 409
    assert public == [] and queue == []


async def test_a_redelivered_publication_keeps_the_comments(
    consultation, process_id, citizen, token_for
):
    await deliver(consultation, "roadmaps.commitment.published.v1", PUBLISHED)
    await consultation.post(URL, json=BODY, headers=citizen("lucia"))
    renamed = PUBLISHED | {"title": "Gasto abierto en agua potable"}
    await deliver(consultation, "roadmaps.commitment.published.v1", renamed)
    committee = token_for("committee")
    queue = (await consultation.get("/commitment-comments", headers=committee)).json()["items"]

    assert len((await consultation.get(URL)).json()["items"]) == 1
    assert queue[0]["commitment_title"] == "Gasto abierto en agua potable"


async def test_comments_close_when_the_plan_has_ended(consultation, citizen, token_for):
    ended = {"key": "publication_tracking", "starts_on": "2019-09-01", "ends_on": "2022-08-31"}
    body = {"plan_code": "MX-4PA", "title": "Cuarto Plan de Acción", "phases": [ended]}
    made = await consultation.post("/processes", json=body, headers=token_for("committee"))
    old = PUBLISHED | {"commitment_id": "cm-4pa", "plan_code": "MX-4PA"}
    await deliver(consultation, "roadmaps.commitment.published.v1", old)
    late = await consultation.post(
        "/commitments/cm-4pa/comments", json=BODY, headers=citizen("lucia")
    )

    assert made.status_code == 201, made.text
    assert late.status_code == 409 and late.json()["error"]["code"] == "phase_closed"


async def test_a_deleted_account_leaves_its_comment_anonymous(consultation, process_id, citizen):
    await deliver(consultation, "roadmaps.commitment.published.v1", PUBLISHED)
    await consultation.post(URL, json=BODY, headers=citizen("lucia"))
    await deliver(consultation, "auth.account.deleted.v1", {"account_id": "acct-lucia"})
    [comment] = (await consultation.get(URL)).json()["items"]

    assert comment["author_name"] is None and comment["body"] == BODY["body"]
