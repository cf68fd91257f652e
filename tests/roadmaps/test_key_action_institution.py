"""Each key action may name the institution in charge of it; it is kept with the version."""

from tests.roadmaps.workspace import GOV, open_group, roadmap_body


async def test_a_key_action_keeps_its_responsible_institution(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    body = roadmap_body()
    body["key_actions"][0]["responsible_institution"] = "Comisión Nacional del Agua"

    created = await roadmaps.post(group.roadmap_url, json=body, headers=group.as_(GOV))
    too_long = roadmap_body()
    too_long["key_actions"][0]["responsible_institution"] = "x" * 301
    refused = await group.put(too_long, etag='"1"')

    assert created.status_code == 201, created.text
    first, second = created.json()["content"]["key_actions"]
    assert first["responsible_institution"] == "Comisión Nacional del Agua"
    assert second["responsible_institution"] == ""
    assert refused.status_code == 422
    shown = (await group.get()).json()
    assert shown["version"] == 1
    assert shown["content"]["key_actions"][0]["responsible_institution"] == (
        "Comisión Nacional del Agua"
    )
