"""An agency API client holding ``consultation:write`` (granted for the territorial import)
is never the Committee: called directly, the Committee's routes refuse it."""

from tests.consultation.conftest import propose, topic_body

WRITE_SCOPE = "consultation:write"


async def test_a_write_client_is_refused_on_committee_routes(
    consultation, process_id, citizen, token_for
):
    client = token_for("client", sub="client:agencia", scope=WRITE_SCOPE)
    topic = await propose(consultation, citizen(), process_id)
    url = f"/topics/{topic['id']}"
    answer = {"state": "not_adopted", "justification": "La propuesta no compete a la APF."}
    theme = {"title": "Agua", "description": "Propuestas sobre agua.", "areas": ["fiscal_openness"]}

    hidden = await consultation.post(
        f"{url}/moderation", json={"action": "hide", "reason": "Falso."}, headers=client
    )
    answered = await consultation.put(f"{url}/response", json=answer, headers=client)
    grouped = await consultation.post(f"/processes/{process_id}/themes", json=theme, headers=client)
    history = await consultation.get(f"{url}/history", headers=client)
    after = await consultation.get(url)

    for refused in (hidden, answered, grouped, history):
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "forbidden"
    assert after.status_code == 200 and after.json()["answer"] is None


async def test_the_scope_still_opens_the_routes_the_route_table_grants(
    consultation, process_id, token_for
):
    client = token_for("client", sub="client:agencia", scope=WRITE_SCOPE)
    body = topic_body(process_id)
    del body["process_id"]

    territorial = await consultation.post(
        f"/processes/{process_id}/territorial/topics", json=body, headers=client
    )

    assert territorial.status_code == 201, territorial.text
