"""Themes group topics (one theme per topic), duplicates merge without double counting, a
promoted theme reaches roadmaps through the outbox and the topic page shows the way."""

import json
import uuid

from sqlalchemy import select

from kit.event_signing import producer_of
from tests.conftest import signed_event
from tests.consultation.conftest import propose

# A roadmaps.commitment.published.v1 payload; a test adds the theme it came from.
COMMITMENT_PUBLISHED = {
    "commitment_id": "cmt-42",
    "plan_code": "MX-5PA",
    "number": 1,
    "slug": "agua",
    "title": "Gasto abierto en agua",
    "problem": "",
    "summary": "",
    "lead_institutions": [],
    "cso_coresponsible": [],
    "published_at": "2025-09-01T10:00:00-06:00",
    "areas": [],
    "supporting_institutions": [],
    "cso_accompanying": [],
    "demo": False,
}


async def _outbox(app) -> list[dict]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        return [dict(r._mapping) for r in await session.execute(select(table))]


async def _theme(client, process_id, committee, title="Agua y transparencia") -> dict:
    body = {"title": title, "description": "Propuestas sobre agua.", "areas": ["fiscal_openness"]}
    response = await client.post(f"/processes/{process_id}/themes", json=body, headers=committee)
    assert response.status_code == 201, response.text
    return response.json()


async def deliver(client, topic: str, payload: dict) -> dict:
    source = producer_of(topic) or "roadmaps"
    body = json.dumps(
        {"id": uuid.uuid4().hex, "topic": topic, "source": source, "payload": payload}
    ).encode()
    response = await client.post(
        "/internal/events", content=body, headers=signed_event(body, source)
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_topic_joins_one_theme_only(consultation, process_id, citizen, token_for):
    committee = token_for("committee")
    topic = await propose(consultation, citizen(), process_id)
    first, second = (
        await _theme(consultation, process_id, committee),
        await _theme(consultation, process_id, committee, "Otro tema"),
    )

    added = await consultation.post(
        f"/themes/{first['id']}/topics", json={"topic_ids": [topic["id"]]}, headers=committee
    )
    again = await consultation.post(
        f"/themes/{second['id']}/topics", json={"topic_ids": [topic["id"]]}, headers=committee
    )
    draft_public = await consultation.get(f"/themes/{first['id']}")
    by_citizen = await consultation.post(
        f"/processes/{process_id}/themes", json={"title": "Tema ciudadano"}, headers=citizen()
    )

    assert [t["id"] for t in added.json()["topics"]] == [topic["id"]]
    assert again.status_code == 409 and again.json()["error"]["code"] == "topic_already_in_theme"
    assert draft_public.status_code == 404
    assert by_citizen.status_code == 403


async def test_merge_counts_each_person_once(consultation, process_id, citizen, token_for):
    keep = await propose(consultation, citizen(), process_id)
    dup = await propose(consultation, citizen(), process_id, title="Agua potable rural")
    both, only_dup, only_keep = citizen("both"), citizen("dup"), citizen("keep")
    for headers, topics in ((both, [keep, dup]), (only_dup, [dup]), (only_keep, [keep])):
        for topic in topics:
            assert (
                await consultation.post(f"/topics/{topic['id']}/votes", headers=headers)
            ).status_code == 201

    merged = await consultation.post(
        f"/topics/{dup['id']}/merge",
        json={"into_topic_id": keep["id"], "reason": "Es la misma propuesta."},
        headers=token_for("committee"),
    )
    survivor = await consultation.get(f"/topics/{keep['id']}")

    assert merged.status_code == 200
    assert merged.json()["status"] == "merged" and merged.json()["merged_into_id"] == keep["id"]
    assert survivor.json()["votes_count"] == 3  # both, keep, dup: "both" counted once


async def test_promoted_theme_goes_to_roadmaps_and_the_topic_follows(
    consultation, process_id, citizen, token_for
):
    committee = token_for("committee")
    author = citizen("ana")
    topic = await propose(consultation, author, process_id)
    theme = await _theme(consultation, process_id, committee)
    tid = theme["id"]
    await consultation.post(
        f"/themes/{tid}/topics", json={"topic_ids": [topic["id"]]}, headers=committee
    )

    early = await consultation.post(f"/themes/{tid}/promote", headers=committee)
    await consultation.post(f"/themes/{tid}/publish", headers=committee)
    promoted = await consultation.post(f"/themes/{tid}/promote", headers=committee)
    await deliver(
        consultation,
        "roadmaps.commitment.published.v1",
        COMMITMENT_PUBLISHED | {"source_theme_id": tid},
    )
    page = await consultation.get(f"/topics/{topic['id']}")
    notes = await consultation.get("/me/notifications", headers=author)

    assert early.status_code == 409 and early.json()["error"]["code"] == "theme_not_published"
    assert promoted.status_code == 200 and promoted.json()["status"] == "promoted"
    events = [
        e for e in await _outbox(consultation.app) if e["topic"] == "consultation.theme.promoted.v1"
    ]
    assert len(events) == 1 and events[0]["destination"] == "http://roadmaps.test/internal/events"
    assert events[0]["payload"]["source_topics"] == [
        {"topic_id": topic["id"], "title": topic["title"]}
    ]
    assert events[0]["payload"]["plan_code"] == "MX-5PA"
    assert page.json()["theme"] == {"id": tid, "title": theme["title"], "commitment_id": "cmt-42"}
    assert [n["kind"] for n in notes.json()["items"]] == ["theme_published"]
