"""Citizens propose topics while the consultation is open, find similar ones as they type,
edit until the first vote, withdraw; the public lists and reads them."""

from datetime import timedelta

from tests.consultation.conftest import mx_today, propose, topic_body


async def test_citizen_proposes_and_the_public_reads_it(consultation, process_id, citizen):
    created = await propose(
        consultation, citizen("ana"), process_id, title="<script>x</script> Agua"
    )

    read = await consultation.get(f"/topics/{created['id']}")

    assert read.status_code == 200
    body = read.json()
    assert body["title"] == "<script>x</script> Agua"  # stored as typed, escaped by renderers
    assert body["votes_count"] == 0 and body["channel"] == "online"
    assert body["author_name"] == "ana" and body["answer"] is None and body["theme"] is None
    assert "author_key" not in body and "author_id" not in body


async def test_bad_input_is_refused_and_nothing_is_stored(consultation, process_id, citizen):
    cases = [
        ({"area": "weather"}, "unknown_area"),
        ({"state_code": "33"}, "unknown_state"),
        ({"sdg_tags": ["18"]}, "invalid_sdg_tag"),
        ({"title": "Agua\x00potable"}, "validation_error"),
        ({"problem": "x" * 4001}, "validation_error"),
        ({"process_id": "nope"}, "process_not_found"),
    ]
    for change, code in cases:
        response = await consultation.post(
            "/topics", json=topic_body(process_id, **change), headers=citizen()
        )
        assert 400 <= response.status_code < 500, change
        assert response.json()["error"]["code"] == code, (change, response.text)
    listed = await consultation.get("/topics", params={"process_id": process_id})
    assert listed.json()["items"] == []


async def test_topics_only_while_the_consultation_is_open(
    consultation, process_id, citizen, set_today
):
    set_today(mx_today() + timedelta(days=14))  # first day of systematization
    late = await consultation.post("/topics", json=topic_body(process_id), headers=citizen())
    set_today(mx_today() + timedelta(days=13))  # last day of the consultation
    last_day = await consultation.post("/topics", json=topic_body(process_id), headers=citizen())

    assert late.status_code == 409 and late.json()["error"]["code"] == "phase_closed"
    assert last_day.status_code == 201


async def test_similar_topics_ignore_accents_and_case(consultation, process_id, citizen):
    water = await propose(
        consultation, citizen(), process_id, title="Información sobre el agua potable"
    )
    await propose(consultation, citizen(), process_id, title="Presupuesto de seguridad pública")

    found = await consultation.get(
        "/topics/similar", params={"process_id": process_id, "q": "informacion del AGUA potable"}
    )

    assert found.status_code == 200
    items = found.json()["items"]
    assert [i["id"] for i in items] == [water["id"]]
    assert 0 < items[0]["similarity"] <= 1


async def test_list_filters_sorts_and_paginates(consultation, process_id, citizen):
    ids = []
    for n, state in enumerate(["09", "20", "20"]):
        topic = await propose(
            consultation,
            citizen(),
            process_id,
            title=f"Problema número {n} de transparencia",
            state_code=state,
        )
        ids.append(topic["id"])
    vote = await consultation.post(f"/topics/{ids[2]}/votes", headers=citizen())
    assert vote.status_code == 201

    first = await consultation.get(
        "/topics", params={"process_id": process_id, "state": "20", "limit": 1}
    )
    second = await consultation.get(
        "/topics",
        params={
            "process_id": process_id,
            "state": "20",
            "limit": 1,
            "cursor": first.json()["next_cursor"],
        },
    )
    recent = await consultation.get("/topics", params={"process_id": process_id, "sort": "recent"})
    by_words = await consultation.get("/topics", params={"process_id": process_id, "q": "NUMERO 0"})
    bad_area = await consultation.get("/topics", params={"process_id": process_id, "area": "x"})

    assert [t["id"] for t in first.json()["items"]] == [ids[2]]
    assert [t["id"] for t in second.json()["items"]] == [ids[1]]
    assert second.json()["next_cursor"] is None
    assert [t["id"] for t in recent.json()["items"]] == ids[::-1]
    assert [t["id"] for t in by_words.json()["items"]] == [ids[0]]
    assert bad_area.status_code == 422 and bad_area.json()["error"]["code"] == "unknown_area"


async def test_author_edits_until_the_first_vote(consultation, process_id, citizen):
    author = citizen("autora")
    topic = await propose(consultation, author, process_id)
    url = f"/topics/{topic['id']}"

    stranger = await consultation.patch(
        url, json={"title": "Otro título cualquiera"}, headers=citizen()
    )
    edited = await consultation.patch(
        url, json={"title": "Agua limpia en la sierra"}, headers=author
    )
    await consultation.post(f"{url}/votes", headers=citizen())
    too_late = await consultation.patch(
        url, json={"title": "Cambio tardío del tema"}, headers=author
    )

    assert stranger.status_code == 403 and stranger.json()["error"]["code"] == "not_topic_author"
    assert edited.status_code == 200 and edited.json()["title"] == "Agua limpia en la sierra"
    assert too_late.status_code == 409 and too_late.json()["error"]["code"] == "topic_has_votes"


async def test_withdrawn_topic_leaves_the_list_and_keeps_its_history(
    consultation, process_id, citizen, token_for
):
    author = citizen("autor")
    topic = await propose(consultation, author, process_id)

    withdrawn = await consultation.post(f"/topics/{topic['id']}/withdraw", headers=author)
    listed = await consultation.get("/topics", params={"process_id": process_id})
    vote = await consultation.post(f"/topics/{topic['id']}/votes", headers=citizen())
    history = await consultation.get(
        f"/topics/{topic['id']}/history", headers=token_for("committee")
    )
    public_history = await consultation.get(f"/topics/{topic['id']}/history", headers=author)

    assert withdrawn.json()["status"] == "withdrawn"
    assert listed.json()["items"] == []
    assert vote.status_code == 409 and vote.json()["error"]["code"] == "topic_not_votable"
    assert [e["action"] for e in history.json()] == ["topic.created", "topic.withdrawn"]
    assert public_history.status_code == 403


async def test_staff_cannot_propose_as_citizens(consultation, process_id, token_for):
    response = await consultation.post(
        "/topics", json=topic_body(process_id), headers=token_for("government")
    )
    anonymous = await consultation.post("/topics", json=topic_body(process_id))
    assert response.status_code == 403
    assert anonymous.status_code == 401
