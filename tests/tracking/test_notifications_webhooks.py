"""Followers hear about validated updates; agencies get signed webhook deliveries."""

import json

import httpx
import pytest
from sqlalchemy import select

from kit import signing
from tests.tracking.conftest import tracked_commitment
from tests.tracking.test_progress import set_status
from tracking.webhooks import targets


async def outbox(app) -> list[dict]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        return [dict(r._mapping) for r in await session.execute(select(table))]


async def test_followers_are_notified_in_app_and_by_email_request(start_tracking, token_for):
    async with start_tracking(event_destinations={"gateway": "http://gateway"}) as tracking:
        await tracked_commitment(tracking)
        citizen = token_for("citizen", sub="ciudadana-1")
        before = await tracking.get("/commitments/c10/follow", headers=citizen)
        follow = await tracking.post("/commitments/c10/follow", headers=citizen)
        now_following = await tracking.get("/commitments/c10/follow", headers=citizen)
        again = await tracking.post("/commitments/c10/follow", headers=citizen)
        anonymous = await tracking.post("/commitments/c10/follow")
        await set_status(tracking, token_for, "c10", "c10-k1-a1", "completo")
        mine = (await tracking.get("/me/notifications", headers=citizen)).json()
        others = (await tracking.get("/me/notifications", headers=token_for("citizen"))).json()
        rows = await outbox(tracking.app)
        unfollow = await tracking.delete("/commitments/c10/follow", headers=citizen)
        after = await tracking.get("/commitments/c10/follow", headers=citizen)

    assert follow.json() == again.json() == {"commitment_id": "c10", "following": True}
    assert before.json()["following"] is False and after.json()["following"] is False
    assert now_following.json()["following"] is True
    assert anonymous.status_code == 401
    assert [n["kind"] for n in mine] == ["commitment_update_published"]
    # The website's page of the commitment (a fixed site path), never an API path.
    assert mine[0]["link"] == "/tablero/compromisos/c10"
    assert mine[0]["subject"] == "Nuevo avance validado: MX-4PA, compromiso 10"
    assert others == []
    assert [(r["topic"], r["destination"]) for r in rows] == [
        ("tracking.notification.requested.v1", "http://gateway/internal/events")
    ]
    assert rows[0]["payload"]["account_id"] == "ciudadana-1"
    assert set(rows[0]["payload"]) == {"account_id", "kind", "subject", "body", "link"}
    assert rows[0]["payload"]["link"] == "/tablero/compromisos/c10"
    assert "MX-4PA" in rows[0]["payload"]["subject"]
    assert unfollow.status_code == 204


async def test_webhook_deliveries_are_signed_with_the_webhook_secret(
    start_tracking, token_for, dns
):
    received: list[httpx.Request] = []
    dns["agencia.example"] = ["93.184.216.34"]

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
    # Sent to the address that was resolved, named as the agency (Host header and TLS SNI).
    assert request.url.host == "93.184.216.34" and request.url.path == "/cocrea"
    assert request.headers["host"] == "agencia.example"
    assert request.extensions["sni_hostname"] == "agencia.example"
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


PRIVATE_TARGETS = [
    "https://127.0.0.1:8103/internal/events",
    "https://localhost/hook",
    "https://api.localhost/hook",
    "https://10.20.30.40/hook",
    "https://172.16.0.9/hook",
    "https://192.168.1.1/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://0.0.0.0/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[fd00::1]/hook",
    "https://tracking.cocrea.svc.cluster.local/hook",  # does not resolve: refused too
]


@pytest.fixture
def dns(monkeypatch):
    """The names the tests resolve, and what they resolve to (changeable mid-test)."""
    answers: dict[str, list[str]] = {}

    async def resolve(host: str, port: int) -> list[str]:
        if host not in answers:
            raise OSError(f"unknown host {host}")
        return answers[host]

    monkeypatch.setattr(targets, "resolve", resolve)
    return answers


async def test_webhooks_to_internal_addresses_are_refused(start_tracking, token_for, dns):
    dns["agencia.example"] = ["93.184.216.34", "2606:2800:220:1::1"]
    dns["mixta.example"] = ["93.184.216.34", "10.0.0.7"]  # one private address is enough
    owner = token_for("committee", sub="comite-1")
    async with start_tracking(environment="production") as tracking:
        refused = [
            await tracking.post(
                "/webhooks",
                json={"url": url, "topics": ["tracking.update.published.v1"]},
                headers=owner,
            )
            for url in [*PRIVATE_TARGETS, "https://mixta.example/hook"]
        ]
        accepted = await tracking.post(
            "/webhooks",
            json={
                "url": "https://agencia.example/hook",
                "topics": ["tracking.update.published.v1"],
            },
            headers=owner,
        )
        listed = (await tracking.get("/webhooks", headers=owner)).json()
    for answer in refused:
        assert answer.status_code == 422, answer.text
        error = answer.json()["error"]
        assert error["code"] == "webhook_target_refused"
        assert "dirección pública" in error["message"]
    assert "10.0.0.7" in refused[-1].json()["error"]["details"]["reason"]
    assert accepted.status_code == 201, accepted.text
    assert [w["url"] for w in listed] == ["https://agencia.example/hook"]


async def test_a_webhook_re_pointed_inside_is_not_delivered_to(start_tracking, token_for, dns):
    received: list[httpx.Request] = []

    async def agency(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    dns["agencia.example"] = ["93.184.216.34"]
    async with start_tracking(
        http_transport=httpx.MockTransport(agency), webhook_allow_private_targets=False
    ) as tracking:
        await tracked_commitment(tracking)
        created = await tracking.post(
            "/webhooks",
            json={"url": "https://agencia.example/h", "topics": ["tracking.update.published.v1"]},
            headers=token_for("committee"),
        )
        dns["agencia.example"] = ["169.254.169.254"]  # re-pointed after registration
        await set_status(tracking, token_for, "c10", "c10-k1-a1", "completo")
        delivered = await tracking.app.state.relay.drain()
        [row] = [r for r in await outbox(tracking.app) if "#cocrea-webhook=" in r["destination"]]
    assert created.status_code == 201
    assert delivered == 0 and received == []
    assert row["delivered_at"] is None and row["attempts"] == 1  # kept, retried later
    assert "169.254.169.254" in row["last_error"]


async def test_target_check_reads_every_address(dns):
    dns["publica.example"] = ["93.184.216.34", "2606:2800:220:1::1"]
    dns["vacia.example"] = []
    assert await targets.problem("https://publica.example/x") is None
    assert await targets.problem("https://8.8.8.8/x") is None
    assert "no se pudo resolver" in await targets.problem("https://vacia.example/x")
    assert "no se pudo resolver" in await targets.problem("https://nadie.example/x")
    assert "224.0.0.1" in await targets.problem("https://224.0.0.1/x")
