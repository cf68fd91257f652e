"""A person exports and deletes their account; services hear of it through the outbox; the
gateway mails the notifications services ask for."""

import json

import httpx
from sqlalchemy import select

from kit.event_signing import EVENT_SIGNATURE_HEADER, EventVerifier
from tests.conftest import EVENT_PUBLIC_KEYS, signed_event
from tests.gateway.conftest import AUTH, PASSWORD


def _signed_event(topic: str, payload: dict, event_id: str = "e1") -> tuple[bytes, dict]:
    body = json.dumps(
        {"id": event_id, "topic": topic, "source": "consultation", "payload": payload}
    ).encode()
    return body, signed_event(body, "consultation")


async def test_export_holds_the_account_and_consent(start_gateway, flows):
    async with start_gateway() as client:
        headers = await flows(client).citizen("ana@example.com")
        export = await client.get(f"{AUTH}/me/export", headers=headers)
        anonymous = await client.get(f"{AUTH}/me/export")
    assert export.status_code == 200
    data = export.json()
    assert data["account"]["email"] == "ana@example.com"
    assert data["privacy"]["notice_version"]
    assert "password_hash" not in json.dumps(data)
    assert anonymous.status_code == 401


async def test_delete_account_needs_the_password_then_tells_every_service(start_gateway, flows):
    delivered: list[dict] = []

    async def services(request: httpx.Request) -> httpx.Response:
        delivered.append(
            {
                "url": str(request.url),
                "body": json.loads(await request.aread()),
                "signed": EventVerifier(EVENT_PUBLIC_KEYS).verify(
                    "gateway", request.content, request.headers[EVENT_SIGNATURE_HEADER]
                ),
            }
        )
        return httpx.Response(200, json={"status": "processed"})

    destinations = {
        "consultation": "http://consultation",
        "roadmaps": "http://roadmaps",
        "tracking": "http://tracking",
    }
    async with start_gateway(
        events_transport=httpx.MockTransport(services), event_destinations=destinations
    ) as client:
        f = flows(client)
        headers = await f.citizen("beto@example.com")
        me = (await client.get(f"{AUTH}/me", headers=headers)).json()
        wrong = await client.request(
            "DELETE", f"{AUTH}/me", headers=headers, json={"password": "not-my-password"}
        )
        assert wrong.status_code == 401
        assert (await client.get(f"{AUTH}/me", headers=headers)).status_code == 200
        deleted = await client.request(
            "DELETE", f"{AUTH}/me", headers=headers, json={"password": PASSWORD}
        )
        assert deleted.status_code == 204
        relogin = await f.login("beto@example.com")
        await client.app.state.relay.drain()
    assert relogin.status_code == 401
    assert sorted(d["url"] for d in delivered) == [
        "http://consultation/internal/events",
        "http://roadmaps/internal/events",
        "http://tracking/internal/events",
    ]
    assert {d["body"]["topic"] for d in delivered} == {"auth.account.deleted.v1"}
    assert all(d["body"]["payload"] == {"account_id": me["id"]} for d in delivered)
    assert all(d["signed"] for d in delivered)


async def test_notification_events_become_mail_once(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        await f.citizen("carla@example.com")
        me = (await client.get(f"{AUTH}/me", headers=await f.citizen("dora@example.com"))).json()
        payload = {
            "account_id": me["id"],
            "kind": "topic_answered",
            "subject": "Tu tema recibió respuesta",
            "body": "Hola",
            "link": "/temas/1",
        }
        body, headers = _signed_event("consultation.notification.requested.v1", payload, "n1")
        first = await client.post("/internal/events", content=body, headers=headers)
        again = await client.post("/internal/events", content=body, headers=headers)
        forged = await client.post(
            "/internal/events", content=body, headers={"content-type": "application/json"}
        )
        mails = await f.mailbox("dora@example.com")
        ghost_body, ghost_headers = _signed_event(
            "consultation.notification.requested.v1", {**payload, "account_id": "nobody"}, "n2"
        )
        ghost = await client.post("/internal/events", content=ghost_body, headers=ghost_headers)
        via_proxy = await client.post("/api/v1/auth/internal/events", content=body, headers=headers)
        async with client.app.state.db.transaction(read_only=True) as session:
            inbox = client.app.state.db.info["kit"].inbox
            seen = (await session.execute(select(inbox.c.event_id))).scalars().all()
    assert first.json() == {"status": "processed"}
    assert again.json() == {"status": "duplicate"}
    assert forged.status_code == 401
    notices = [m for m in mails if m["kind"] == "topic_answered"]
    assert len(notices) == 1
    assert notices[0]["subject"] == "Tu tema recibió respuesta"
    assert "/temas/1" in notices[0]["body"]
    assert ghost.json() == {"status": "processed"}
    assert sorted(seen) == ["n1", "n2"]
    assert via_proxy.status_code in (404, 405)
