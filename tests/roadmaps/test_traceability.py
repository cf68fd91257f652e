"""From the consultation and back: a promoted theme becomes a draft commitment that lists
the citizens' topics behind it; the draft plan goes out for open feedback."""

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from kit.event_signing import new_private_key
from tests.conftest import signed_event
from tests.roadmaps.workspace import PLAN, open_group

THEME = {
    "theme_id": "tema-salud-01",
    "process_id": "proceso-4pa",
    "plan_code": PLAN,
    "title": "Transparencia en compras de medicamentos",
    "description": "No se sabe cuánto paga el sector salud por cada medicamento.",
    "areas": ["anti_corruption", "fiscal_openness", "salud"],
    "source_topics": [
        {"topic_id": "t-101", "title": "Precios de medicamentos"},
        {"topic_id": "t-207", "title": "Abasto en hospitales"},
    ],
}


async def deliver(client, payload: dict[str, Any], event_id: str | None = None, key=None):
    event = {
        "id": event_id or uuid.uuid4().hex,
        "topic": "consultation.theme.promoted.v1",
        "source": "consultation",
        "occurred_at": datetime.now(UTC).isoformat(),
        "payload": payload,
    }
    body = json.dumps(event).encode()
    headers = signed_event(body, "consultation", key=key)
    return await client.post("/internal/events", content=body, headers=headers)


async def staff_commitments(client, token_for) -> list[dict[str, Any]]:
    response = await client.get(
        "/commitments", params={"plan_code": PLAN}, headers=token_for("committee")
    )
    return response.json()["items"]


async def test_a_promoted_theme_becomes_a_draft_commitment_with_its_topics(roadmaps, token_for):
    await open_group(roadmaps, token_for, 1, members={})

    delivered = await deliver(roadmaps, THEME)

    assert delivered.json() == {"status": "processed"}
    [_, created] = await staff_commitments(roadmaps, token_for)
    assert created["number"] == 2  # the next free number of the plan
    assert created["status"] == "draft"
    assert created["title"] == THEME["title"]
    assert created["problem"] == THEME["description"]
    assert created["slug"] == "transparencia-en-compras-de-medicamentos"
    assert created["areas"] == ["anti_corruption", "fiscal_openness"]  # unknown areas dropped
    assert (created["source_theme_id"], created["source_process_id"]) == (
        "tema-salud-01",
        "proceso-4pa",
    )
    assert created["source_topics"] == THEME["source_topics"]
    group = await roadmaps.get(
        f"/commitments/{created['id']}/working-group", headers=token_for("committee")
    )
    assert group.json()["members"] == []  # its group exists, empty, for the Committee to fill
    public = await roadmaps.get(f"/commitments/{created['id']}")
    assert public.status_code == 404  # a draft until the Committee publishes it


async def test_the_same_theme_creates_one_commitment_however_often_it_arrives(roadmaps, token_for):
    event_id = uuid.uuid4().hex

    first = await deliver(roadmaps, THEME, event_id)
    redelivered = await deliver(roadmaps, THEME, event_id)
    promoted_again = await deliver(roadmaps, THEME)

    assert [r.json()["status"] for r in (first, redelivered, promoted_again)] == [
        "processed",
        "duplicate",
        "processed",
    ]
    assert len(await staff_commitments(roadmaps, token_for)) == 1


async def test_an_unsigned_event_is_refused(roadmaps, token_for):
    response = await deliver(roadmaps, THEME, key=new_private_key())

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_signature"
    assert await staff_commitments(roadmaps, token_for) == []


async def test_the_chain_reaches_the_published_roadmap(start_roadmaps, token_for):
    destinations = {"tracking": "http://tracking", "consultation": "http://consultation"}
    async with start_roadmaps(event_destinations=destinations) as roadmaps:
        await deliver(roadmaps, THEME)
        [commitment] = await staff_commitments(roadmaps, token_for)
        committee = token_for("committee")
        await roadmaps.post(f"/commitments/{commitment['id']}/publish", headers=committee)
        group = await open_group(roadmaps, token_for, 2)  # a second commitment, its own group
        await group.publish()
        async with roadmaps.app.state.db.transaction(read_only=True) as session:
            table = session.info["kit"].outbox
            rows = list(await session.exec(select(table).order_by(table.c.seq)))

    published = [r for r in rows if r.topic == "roadmaps.commitment.published.v1"]
    # every commitment goes to the consultation too (its progress comments), once
    assert [(r.payload["number"], r.destination) for r in published] == [
        (1, "http://tracking/internal/events"),
        (1, "http://consultation/internal/events"),
        (2, "http://tracking/internal/events"),
        (2, "http://consultation/internal/events"),
    ]
    assert published[1].payload["source_theme_id"] == "tema-salud-01"
    assert published[1].payload["areas"] == ["anti_corruption", "fiscal_openness"]
    assert published[1].event_id == published[0].event_id  # one event, two destinations
    [roadmap_event] = [r.payload for r in rows if r.topic == "roadmaps.roadmap.published.v1"]
    assert roadmap_event["commitment_id"] == group.commitment_id


async def test_publishing_the_draft_plan_sends_every_commitment_to_open_feedback(
    start_roadmaps, token_for
):
    destinations = {"consultation": "http://consultation", "tracking": "http://tracking"}
    async with start_roadmaps(event_destinations=destinations) as roadmaps:
        await open_group(roadmaps, token_for, 1, members={})
        await deliver(roadmaps, THEME)
        committee = token_for("committee", sub="sfp-1")
        url = f"/plans/{PLAN}/draft-plan"

        before = await roadmaps.get(url)
        by_cso = await roadmaps.post(f"{url}/publish", headers=token_for("cso"))
        published = await roadmaps.post(f"{url}/publish", headers=committee)
        again = await roadmaps.post(f"{url}/publish", headers=committee)
        empty = await roadmaps.post("/plans/MX-9PA/draft-plan/publish", headers=committee)
        shown = await roadmaps.get(url)
        async with roadmaps.app.state.db.transaction(read_only=True) as session:
            table = session.info["kit"].outbox
            rows = list(await session.exec(select(table).where(table.c.topic.like("%draft_plan%"))))

    assert before.status_code == 404
    assert by_cso.status_code == 403
    assert published.status_code == 201
    assert again.json()["error"]["code"] == "draft_plan_already_published"
    assert empty.json()["error"]["code"] == "plan_without_commitments"
    assert [c["number"] for c in shown.json()["commitments"]] == [1, 2]
    [row] = rows
    assert row.destination == "http://consultation/internal/events"
    assert row.payload["plan_code"] == PLAN
    assert [(c["number"], c["source_theme_id"]) for c in row.payload["commitments"]] == [
        (1, None),
        (2, "tema-salud-01"),
    ]
    assert set(row.payload["commitments"][1]) >= {"commitment_id", "title", "problem", "summary"}
