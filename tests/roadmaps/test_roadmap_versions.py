"""Every save is an immutable version: list, show, diff; after publication a change is an
amendment with a justification, and the superseded signed version stays public."""

from typing import Any

from sqlalchemy import select, text

from tests.roadmaps.workspace import CSO, GOV, editable, open_group, roadmap_body


async def outbox_topics(app: Any) -> list[tuple[str, dict]]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        rows = await session.exec(select(table).order_by(table.c.seq))
        return [(r.topic, r.payload) for r in rows]


async def save(group, **changes: Any):
    read = await group.get()
    response = await group.put(editable(read.json(), **changes), etag=read.headers["etag"])
    assert response.status_code == 200, response.text
    return response


async def test_versions_are_listed_newest_first_with_author_time_and_message(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    await save(group, final_result="Resultado revisado", message="Ajuste del resultado")

    listed = await roadmaps.get(f"{group.roadmap_url}/versions", headers=group.as_(CSO))
    first = await roadmaps.get(f"{group.roadmap_url}/versions/1", headers=group.as_(CSO))
    missing = await roadmaps.get(f"{group.roadmap_url}/versions/9", headers=group.as_(CSO))

    items = listed.json()["items"]
    assert [(v["version"], v["message"], v["author_sub"]) for v in items] == [
        (2, "Ajuste del resultado", GOV),
        (1, "Propuesta inicial", GOV),
    ]
    assert all(v["created_at"] and v["published_at"] is None for v in items)
    assert first.json()["content"]["final_result"] == roadmap_body()["final_result"]
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "version_not_found"


async def test_versions_page_with_a_cursor(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    for n in range(3):
        await save(group, final_result=f"Resultado {n}")
    url = f"{group.roadmap_url}/versions"

    page = (await roadmaps.get(url, params={"limit": 3}, headers=group.as_(GOV))).json()
    rest = await roadmaps.get(
        url, params={"limit": 3, "cursor": page["next_cursor"]}, headers=group.as_(GOV)
    )

    assert [v["version"] for v in page["items"]] == [4, 3, 2]
    assert [v["version"] for v in rest.json()["items"]] == [1]
    assert rest.json()["next_cursor"] is None


async def test_the_diff_is_field_by_field_and_matches_items_by_id(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    read = (await group.get()).json()
    body = editable(read, final_result="Seguimiento ciudadano del gasto\nen tres programas.")
    body["key_actions"][0]["weight"] = 30  # 30 + 60 + 10
    body["key_actions"][1]["activities"][0]["end_date"] = "2021-07-31"
    body["key_actions"].append({"title": "Difusión", "weight": 10, "activities": []})
    saved = await group.put(body, etag='"1"')
    assert saved.status_code == 200, saved.text

    diff = await roadmaps.get(
        f"{group.roadmap_url}/diff", params={"from": 1, "to": 2}, headers=group.as_(GOV)
    )

    changes = {c["path"]: c for c in diff.json()["changes"]}
    first, second, *_ = read["content"]["key_actions"]
    assert changes["final_result"]["label"] == "Resultado final"
    assert "+en tres programas." in changes["final_result"]["text_diff"]
    assert changes[f"key_actions/{first['key_action_id']}/weight"] | {"label": None} == {
        "path": f"key_actions/{first['key_action_id']}/weight",
        "label": None,
        "change": "modified",
        "before": 40,
        "after": 30,
        "text_diff": None,
    }
    activity = second["activities"][0]["activity_id"]
    end = changes[f"key_actions/{second['key_action_id']}/activities/{activity}/end_date"]
    assert (end["before"], end["after"]) == ("2021-06-30", "2021-07-31")
    added = [c for c in changes.values() if c["change"] == "added"]
    assert [c["label"] for c in added] == ["Acción clave «Difusión»"]
    assert len(changes) == 4  # nothing else changed


async def test_an_amendment_needs_a_justification_and_is_published_at_once(
    start_roadmaps, token_for
):
    async with start_roadmaps(event_destinations={"tracking": "http://tracking"}) as roadmaps:
        group = await open_group(roadmaps, token_for)
        await group.publish()
        read = await group.get()
        body = editable(read.json(), end_date="2022-08-31", message="Extensión por COVID-19")

        refused = await group.put(body, etag='"1"')
        amended = await group.put(
            body | {"justification": "La emergencia sanitaria alargó un año la implementación."},
            etag='"1"',
        )
        topics = await outbox_topics(roadmaps.app)

    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "amendment_justification_required"
    assert amended.status_code == 200
    body = amended.json()
    assert (body["status"], body["version"], body["published_version"]) == ("published", 2, 2)
    roadmap_events = [(t, p) for t, p in topics if t.startswith("roadmaps.roadmap.")]
    assert [t for t, _ in roadmap_events] == [
        "roadmaps.roadmap.published.v1",
        "roadmaps.roadmap.amended.v1",
    ]
    published, amendment = roadmap_events[0][1], roadmap_events[1][1]
    assert amendment["version"] == 2
    assert amendment["end_date"] == "2022-08-31"
    assert amendment["amendment"] == {
        "justification": "La emergencia sanitaria alargó un año la implementación.",
        "previous_version": 1,
    }
    ids = [
        (ka["key_action_id"], [a["activity_id"] for a in ka["activities"]])
        for ka in published["key_actions"]
    ]
    assert [
        (ka["key_action_id"], [a["activity_id"] for a in ka["activities"]])
        for ka in amendment["key_actions"]
    ] == ids


async def test_the_superseded_signed_version_stays_public(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.publish()
    read = (await group.get()).json()
    await group.put(
        editable(read, final_result="Resultado ajustado", justification="Cambio de titulares."),
        etag='"1"',
    )

    public = await roadmaps.get(group.roadmap_url)
    versions = (await roadmaps.get(f"{group.roadmap_url}/versions")).json()["items"]
    superseded = await roadmaps.get(f"{group.roadmap_url}/versions/1")
    diff = await roadmaps.get(f"{group.roadmap_url}/diff", params={"from": 1, "to": 2})

    assert public.json()["version"] == 2
    assert public.json()["content"]["final_result"] == "Resultado ajustado"
    assert [(v["version"], v["kind"], v["superseded"]) for v in versions] == [
        (2, "amendment", False),
        (1, "edit", True),
    ]
    assert versions[0]["justification"] == "Cambio de titulares."
    assert superseded.status_code == 200
    assert superseded.json()["content"]["final_result"] == read["content"]["final_result"]
    assert [c["path"] for c in diff.json()["changes"]] == ["final_result"]


async def test_the_public_sees_only_published_versions(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    await save(group, final_result="Borrador 2")
    await group.ready_to_agree()
    await group.post("agree")
    await group.post("publish", as_="committee")

    versions = (await roadmaps.get(f"{group.roadmap_url}/versions")).json()["items"]
    draft = await roadmaps.get(f"{group.roadmap_url}/versions/1")
    diff = await roadmaps.get(f"{group.roadmap_url}/diff", params={"from": 1, "to": 2})

    assert [v["version"] for v in versions] == [2]
    assert draft.status_code == 404
    assert diff.status_code == 404


async def test_an_id_from_elsewhere_is_refused_and_nothing_changes(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    read = (await group.get()).json()
    body = editable(read)
    body["key_actions"][0]["key_action_id"] = "0" * 32
    twice = editable(read)
    twice["key_actions"][1]["key_action_id"] = twice["key_actions"][0]["key_action_id"]

    unknown = await group.put(body, etag='"1"')
    duplicate = await group.put(twice, etag='"1"')

    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_item_id"
    assert unknown.json()["error"]["details"]["field"] == "key_actions[0].key_action_id"
    assert duplicate.json()["error"]["code"] == "duplicate_item_id"
    assert (await group.get()).json()["version"] == 1


async def test_the_database_refuses_to_rewrite_a_version(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()

    failed = False
    try:
        async with roadmaps.app.state.db.transaction() as session:
            await session.execute(text("UPDATE roadmap_version SET message = 'reescrito'"))
    except Exception:  # the trigger raises a driver-specific error
        failed = True

    assert failed
    listed = await roadmaps.get(f"{group.roadmap_url}/versions", headers=group.as_(GOV))
    assert listed.json()["items"][0]["message"] == "Propuesta inicial"
