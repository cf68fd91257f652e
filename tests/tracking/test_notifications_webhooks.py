"""Followers hear about validated updates; agencies get signed webhook deliveries."""

import json

import httpx
from sqlalchemy import select

from kit import signing
from tests.tracking.conftest import tracked_commitment
from tests.tracking.test_progress import set_status


async def outbox(app) -> list[dict]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        return [dict(r._mapping) for r in await session.execute(select(table))]


async def test_followers_are_notified_in_app_and_by_email_request(start_tracking, token_for):
    async with start_tracking(event_destinations={"gateway": "http://gateway"}) as tracking:
        await tracked_commitment(tracking)
        citizen = token_for("citizen", sub="ciudadana-1")
        follow = await tracking.post("/commitments/c10/follow", headers=citizen)
        again = await tracking.post("/commitments/c10/follow", headers=citizen)
        anonymous = await tracking.post("/commitments/c10/follow")
        await set_status(tracking, token_for, "c10", "c10-k1-a1", "completo")
        mine = (await tracking.get("/me/notifications", headers=citizen)).json()
        others = (await tracking.get("/me/notifications", headers=token_for("citizen"))).json()
        rows = await outbox(tracking.app)
        unfollow = await tracking.delete("/commitments/c10/follow", headers=citizen)

    assert follow.json() == again.json() == {"commitment_id": "c10", "following": True}
    assert anonymous.status_code == 401
    assert [n["kind"] for n in mine] == ["commitment_update_published"]
    assert mine[0]["link"] == "/commitments/c10"
    assert others == []
    assert [(r["topic"], r["destination"]) for r in rows] == [
        ("tracking.notification.requested.v1", "http://gateway/internal/events")
    ]
    assert rows[0]["payload"]["account_id"] == "ciudadana-1"
    assert set(rows[0]["payload"]) == {"account_id", "kind", "subject", "body", "link"}
    assert unfollow.status_code == 204


async def test_webhook_deliveries_are_signed_with_the_webhook_secret(start_tracking, token_for):
    received: list[httpx.Request] = []

    async def agency(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    async with start_tracking(http_transport=httpx.MockTransport(agency)) as tracking:
        await tracked_commitment(tracking)
        created = await tracking.post(
            "/webhooks",
            json={
                "url": "https://agencia.example/cocrea",
                "topics": ["tracking.update.published.v1"],
            },
            headers=token_for("client", sub="client:agencia", scope="tracking:webhooks"),
        )
        citizen = await tracking.post(
            "/webhooks",
            json={"url": "https://x.example/h", "topics": ["tracking.update.published.v1"]},
            headers=token_for("citizen"),
        )
        no_scope = await tracking.post(
            "/webhooks",
            json={"url": "https://x.example/h", "topics": ["tracking.update.published.v1"]},
            headers=token_for("client", scope="tracking:read"),
        )
        listed = await tracking.get(
            "/webhooks",
            headers=token_for("client", sub="client:agencia", scope="tracking:webhooks"),
        )
        await set_status(tracking, token_for, "c10", "c10-k1-a1", "completo")
        delivered = await tracking.app.state.relay.drain()

    secret = created.json()["secret"]
    assert created.status_code == 201 and secret.startswith("whsec_")
    assert citizen.status_code == 403 and no_scope.status_code == 403
    assert "secret" not in listed.json()[0]
    assert delivered == 1
    [request] = received
    assert request.url.host == "agencia.example" and request.url.path == "/cocrea"
    body = request.content
    assert signing.verify(secret, body, request.headers[signing.SIGNATURE_HEADER])
    assert not signing.verify(
        "test-internal-secret-0123456789", body, request.headers[signing.SIGNATURE_HEADER]
    )
    envelope = json.loads(body)
    assert envelope["topic"] == "tracking.update.published.v1"
    assert envelope["source"] == "tracking"
    assert envelope["payload"]["new_status"] == "completo"
    assert envelope["payload"]["commitment_id"] == "c10"


async def test_a_webhook_url_must_be_a_plain_http_url(tracking, token_for):
    answer = await tracking.post(
        "/webhooks",
        json={"url": "ftp://agencia.example/x#frag", "topics": ["tracking.update.published.v1"]},
        headers=token_for("committee"),
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "webhook_url_refused"
