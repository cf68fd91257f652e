"""An amendment that moves an activity's dates may say why for that activity, in public
words; the reason is kept with the version and travels in the amended event to tracking."""

from tests.roadmaps.test_roadmap_versions import outbox_topics
from tests.roadmaps.workspace import editable, open_group


async def test_an_amended_activity_carries_its_own_reschedule_reason(start_roadmaps, token_for):
    async with start_roadmaps(event_destinations={"tracking": "http://tracking"}) as roadmaps:
        group = await open_group(roadmaps, token_for)
        await group.publish()
        read = (await group.get()).json()
        body = editable(read, justification="La emergencia sanitaria retrasó dos actividades.")
        first = body["key_actions"][0]["activities"][0]
        first["end_date"] = read["content"]["end_date"]
        first["reschedule_reason"] = "La licitación del sistema se declaró desierta."
        too_long = editable(read, justification="Cambio de fechas por la licitación.")
        too_long["key_actions"][0]["activities"][0]["reschedule_reason"] = "x" * 1001

        refused = await group.put(too_long, etag='"1"')
        amended = await group.put(body, etag='"1"')
        topics = await outbox_topics(roadmaps.app)

    assert refused.status_code == 422
    assert amended.status_code == 200, amended.text
    kept = [a for ka in amended.json()["content"]["key_actions"] for a in ka["activities"]]
    assert kept[0]["reschedule_reason"] == "La licitación del sistema se declaró desierta."
    assert {a["reschedule_reason"] for a in kept[1:]} == {""}
    payload = next(p for t, p in topics if t == "roadmaps.roadmap.amended.v1")
    sent = payload["key_actions"][0]["activities"][0]
    assert sent["end_date"] == read["content"]["end_date"]
    assert sent["reschedule_reason"] == "La licitación del sistema se declaró desierta."
