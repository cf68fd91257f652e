"""An agency API client holding ``consultation:write`` is never the Committee: called
directly, tracking's Committee routes refuse it (and its scope opens no webhook)."""

WRITE_SCOPE = "consultation:write"


async def test_a_write_client_is_refused_on_committee_routes(tracking, token_for):
    client = token_for("client", sub="client:agencia", scope=WRITE_SCOPE)

    inputs = await tracking.put("/plans/MX-4PA/compliance-inputs", json={}, headers=client)
    webhook = await tracking.post(
        "/webhooks",
        json={"url": "https://agencia.gob.mx/cocrea", "topics": ["tracking.update.published.v1"]},
        headers=client,
    )

    assert inputs.status_code == 403 and inputs.json()["error"]["code"] == "forbidden"
    assert webhook.status_code == 403
    assert webhook.json()["error"]["code"] == "insufficient_scope"
