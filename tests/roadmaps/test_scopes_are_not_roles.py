"""An agency API client holding ``consultation:write`` is never the Committee: called
directly, roadmaps' Committee routes refuse it."""

WRITE_SCOPE = "consultation:write"


async def test_a_write_client_is_refused_on_committee_routes(roadmaps, token_for):
    client = token_for("client", sub="client:agencia", scope=WRITE_SCOPE)
    body = {"plan_code": "MX-5PA", "title": "Presupuesto abierto", "theme_ids": []}

    created = await roadmaps.post("/commitments", json=body, headers=client)
    published = await roadmaps.post("/plans/MX-5PA/draft-plan/publish", headers=client)

    for refused in (created, published):
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "forbidden"
