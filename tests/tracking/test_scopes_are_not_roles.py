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


async def test_tracking_progress_opens_the_submission_only(tracking, token_for):
    """``tracking:progress`` lets an agency's client submit progress, as a government member
    of the group (the Committee adds the client there); it is no government role elsewhere."""
    progress = token_for("client", sub="client:agencia", scope="tracking:progress")
    other = token_for("client", sub="client:agencia", scope=WRITE_SCOPE)
    body = {"activity_id": "a-1", "new_status": "en_proceso", "narrative": "Avance."}

    no_scope = await tracking.post("/commitments/c-1/updates", json=body, headers=other)
    not_member = await tracking.post("/commitments/c-1/updates", json=body, headers=progress)
    resubmission = await tracking.post("/updates/u-1/resubmission", json=body, headers=progress)

    assert no_scope.status_code == 403
    assert no_scope.json()["error"]["code"] == "insufficient_scope"
    # Past the scope: the commitment (then the group membership) decides.
    assert not_member.status_code in (403, 404), not_member.text
    assert not_member.json()["error"]["code"] != "insufficient_scope"
    assert resubmission.status_code == 403
    assert resubmission.json()["error"]["code"] == "forbidden"
