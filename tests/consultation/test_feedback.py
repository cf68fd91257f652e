"""The draft plan from roadmaps becomes feedback items; comments only during open_feedback;
each comment is answered with the same reasoned-response model."""

from datetime import timedelta

from tests.consultation.conftest import mx_today
from tests.consultation.test_systematization import deliver

DRAFT = {
    "plan_code": "MX-5PA",
    "published_at": "2025-05-01T10:00:00-06:00",
    "commitments": [
        {
            "commitment_id": "c-1",
            "number": 1,
            "title": "Gasto abierto en agua",
            "problem": "…",
            "summary": "…",
        },
        {
            "commitment_id": "c-2",
            "number": 2,
            "title": "Contrataciones abiertas",
            "problem": "",
            "summary": "",
        },
    ],
}


async def test_comment_during_open_feedback_and_answer(
    consultation, process_id, citizen, token_for, set_today
):
    first = await deliver(consultation, "roadmaps.draft_plan.published.v1", DRAFT)
    items = (await consultation.get("/feedback/items", params={"plan_code": "MX-5PA"})).json()[
        "items"
    ]
    url = f"/feedback/items/{items[0]['id']}/comments"
    author = citizen("lucia")
    body = {"body": "Falta un indicador por entidad federativa."}

    during_consultation = await consultation.post(url, json=body, headers=author)
    set_today(mx_today() + timedelta(days=70))  # first day of open_feedback
    created = await consultation.post(url, json=body, headers=author)
    comment_id = created.json()["id"]
    committee = token_for("committee")
    answer = {"state": "accepted", "justification": "Se agregó el indicador por entidad."}
    await consultation.put(
        f"/feedback/comments/{comment_id}/response", json=answer, headers=committee
    )
    await consultation.post(f"/feedback/comments/{comment_id}/response/publish", headers=committee)
    notes = (await consultation.get("/me/notifications", headers=author)).json()["items"]
    listed = await consultation.get(url)
    report = await consultation.get(f"/processes/{process_id}/responses/report")
    set_today(mx_today() + timedelta(days=84))  # the day after it closes
    late = await consultation.post(url, json=body, headers=author)

    assert first["status"] == "processed"
    assert [i["number"] for i in items] == [1, 2]
    assert during_consultation.status_code == 409
    assert created.status_code == 201 and created.json()["author_name"] == "lucia"
    assert listed.json()["items"][0]["answer"]["state"] == "accepted"
    # The notice leads to the site's page of the draft commitment, where the answer shows.
    assert [n["link"] for n in notes] == [f"/plan-borrador/MX-5PA/{items[0]['id']}"]
    assert report.json()["comments"]["answered"] == 1 and report.json()["comments"]["share"] == 1.0
    assert late.status_code == 409 and late.json()["error"]["code"] == "phase_closed"
