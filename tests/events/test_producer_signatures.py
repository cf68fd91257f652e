"""Events are authenticated per producer (kit.event_signing): a pod broken into signs only
as itself and only its own topics pass, so a compromised consultation cannot forge a
roadmaps membership change, an account erasure or a mail request.

Real roadmaps and tracking apps, the real relay between them; every forgery starts from
a real delivery the relay sent."""

import json
import time
import uuid
from typing import Any

import httpx
import pytest

from gateway.main import create_app as create_gateway
from kit.event_signing import new_private_key, public_key_of
from tests.conftest import EVENT_KEYS, EVENT_PUBLIC_KEYS, Databases, migrate, running
from tests.conftest import signed_event as signed
from tests.events.conftest import inbox_ids, make_due, outbox_rows
from tests.events.test_roadmaps_to_tracking import publish
from tests.gateway.conftest import gateway_settings
from tracking.activities.service import active_member

MEMBER_ADDED = "roadmaps.working_group.member_added.v1"
MEMBER = {
    "account_id": "acct-ana",
    "name": "Ana López",
    "organization": "Secretaría de Bienestar",
    "sector": "government",
    "group_role": "member",
}


async def add_member(linked, token_for, commitment_id: str) -> dict[str, Any]:
    """Roadmaps adds a member; returns the member_added delivery its relay sent."""
    added = await linked.roadmaps.post(
        f"/commitments/{commitment_id}/working-group/members",
        json=MEMBER,
        headers=token_for("committee"),
    )
    assert added.status_code == 201, added.text
    await linked.relay.drain()
    [delivery] = [r for r in linked.link.sent if json.loads(r.content)["topic"] == MEMBER_ADDED]
    return json.loads(delivery.content)


async def is_member(linked, commitment_id: str, account_id: str) -> bool:
    async with linked.tracking.app.state.db.transaction(read_only=True) as session:
        return await active_member(session, commitment_id, account_id) is not None


async def post(client: httpx.AsyncClient, event: dict[str, Any], headers: dict[str, str]):
    return await client.post(
        "/internal/events", content=json.dumps(event).encode(), headers=headers
    )


def as_signed(event: dict[str, Any], source: str, **kw: Any) -> tuple[dict, dict[str, str]]:
    return event, signed(json.dumps(event).encode(), source, **kw)


@pytest.fixture
async def delivered(start_linked, token_for):
    """Both apps running, a published commitment and a real member_added delivery."""
    async with start_linked() as linked:
        commitment_id = await publish(linked, token_for)
        real = await add_member(linked, token_for, commitment_id)
        assert await is_member(linked, commitment_id, "acct-ana")  # the real one is processed
        yield linked, commitment_id, real


def forged_member(real: dict[str, Any], **changes: Any) -> dict[str, Any]:
    payload = json.loads(json.dumps(real["payload"]))
    payload["member"]["account_id"] = "acct-intruso"
    return real | {"id": uuid.uuid4().hex, "payload": payload} | changes


async def test_a_correctly_signed_event_is_processed(delivered):
    linked, commitment_id, real = delivered
    fresh = forged_member(real)  # roadmaps itself signs it

    answer = await post(linked.tracking, *as_signed(fresh, "roadmaps"))

    assert answer.status_code == 200 and answer.json() == {"status": "processed"}
    assert await is_member(linked, commitment_id, "acct-intruso")


async def test_consultation_key_claiming_to_be_roadmaps_is_refused(delivered):
    linked, commitment_id, real = delivered
    forged = forged_member(real)  # still says "source": "roadmaps"
    assert forged["source"] == "roadmaps"

    answer = await post(
        linked.tracking, *as_signed(forged, "roadmaps", key=EVENT_KEYS["consultation"])
    )

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "invalid_signature"
    assert not await is_member(linked, commitment_id, "acct-intruso")
    assert forged["id"] not in await inbox_ids(linked.tracking.app)


async def test_consultation_real_key_for_a_topic_roadmaps_owns_is_refused(delivered):
    linked, commitment_id, real = delivered
    forged = forged_member(real, source="consultation")

    answer = await post(linked.tracking, *as_signed(forged, "consultation"))

    assert answer.status_code == 403
    error = answer.json()["error"]
    assert error["code"] == "topic_not_allowed"
    assert error["details"] == {"source": "consultation", "topic": MEMBER_ADDED}
    assert not await is_member(linked, commitment_id, "acct-intruso")
    assert forged["id"] not in await inbox_ids(linked.tracking.app)


@pytest.mark.parametrize(
    ("topic", "payload"),
    [
        ("auth.account.deleted.v1", {"account_id": "acct-ana"}),  # an erasure request
        ("roadmaps.commitment.published.v1", {"commitment_id": "c-falso"}),
        ("tracking.update.published.v1", {}),  # tracking's own topic, sent to tracking
    ],
)
async def test_consultation_cannot_send_another_producers_request(delivered, topic, payload):
    linked, commitment_id, _real = delivered
    event = {"id": uuid.uuid4().hex, "topic": topic, "source": "consultation", "payload": payload}

    answer = await post(linked.tracking, *as_signed(event, "consultation"))

    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "topic_not_allowed"
    assert await is_member(linked, commitment_id, "acct-ana")  # nobody was erased


async def test_a_replayed_old_signature_is_refused(delivered):
    linked, commitment_id, real = delivered
    captured_an_hour_ago = forged_member(real)
    hour_ago = int(time.time()) - 3600

    old = await post(
        linked.tracking, *as_signed(captured_an_hour_ago, "roadmaps", timestamp=hour_ago)
    )
    again = linked.link.sent[-1]  # the real delivery, replayed as it was sent
    replayed = await linked.tracking.post(
        "/internal/events", content=again.content, headers=dict(again.headers)
    )

    assert old.status_code == 401 and old.json()["error"]["code"] == "invalid_signature"
    assert not await is_member(linked, commitment_id, "acct-intruso")
    assert replayed.status_code == 200 and replayed.json() == {"status": "duplicate"}


async def test_an_unknown_source_or_no_signature_is_refused(delivered):
    linked, _commitment_id, real = delivered
    stranger = forged_member(real, source="intruso")
    unsigned = forged_member(real)

    unknown = await post(linked.tracking, *as_signed(stranger, "roadmaps"))
    bare = await post(linked.tracking, unsigned, {"content-type": "application/json"})

    assert unknown.status_code == 401
    assert unknown.json()["error"]["code"] == "unknown_event_source"
    assert bare.status_code == 401 and bare.json()["error"]["code"] == "invalid_signature"


async def test_a_rotated_key_keeps_every_event_until_the_consumer_trusts_it(
    start_linked, token_for
):
    """Roadmaps signs with a new key tracking does not know yet: nothing is lost, the
    events wait; once tracking lists the new key beside the old one, they arrive."""
    new_key = new_private_key()
    async with start_linked(roadmaps={"event_signing_key": new_key}) as linked:
        commitment_id = await publish(linked, token_for)
        assert await linked.relay.drain() == 0
        [row] = await outbox_rows(linked.roadmaps.app)
        assert row["delivered_at"] is None and "401" in row["last_error"]
        roadmaps_url = str(linked.roadmaps.app.state.settings.database_url)

    both = EVENT_PUBLIC_KEYS | {
        "roadmaps": [public_key_of(new_key), *EVENT_PUBLIC_KEYS["roadmaps"]]
    }
    async with start_linked(
        roadmaps_url, roadmaps={"event_signing_key": new_key}, tracking={"event_public_keys": both}
    ) as linked:
        await make_due(linked.roadmaps.app)
        assert await linked.relay.drain() == 1
        assert (await linked.tracking.get(f"/commitments/{commitment_id}")).status_code == 200


async def test_the_gateway_takes_mail_requests_only_from_their_producer(
    databases: Databases, signing_key: str, tmp_path
):
    url = await databases.new("gateway")
    await migrate("gateway", url)
    app = create_gateway(gateway_settings(url, signing_key, tmp_path))
    request = {"account_id": "acct-ana", "subject": "Aviso", "body": "…", "kind": "notification"}
    request["link"] = "/tablero"  # every field of the contract (contracts.payload)
    forged = [
        # tracking asking for mail in consultation's name (signed by tracking: bad signature)
        ({"topic": "consultation.notification.requested.v1", "source": "consultation"}, "tracking"),
        # tracking with its own key for consultation's topic
        ({"topic": "consultation.notification.requested.v1", "source": "tracking"}, "tracking"),
        # the local mail: channel is the gateway's own: nobody delivers to it
        ({"topic": "mail.notification", "source": "consultation"}, "consultation"),
        ({"topic": "mail.notification", "source": "gateway"}, "gateway"),
    ]
    async with running(app) as gateway:
        answers = []
        for fields, key_of in forged:
            event = {"id": uuid.uuid4().hex, "payload": request} | fields
            body = json.dumps(event).encode()
            headers = signed(body, fields["source"], key=EVENT_KEYS[key_of])
            answers.append(await gateway.post("/internal/events", content=body, headers=headers))
        genuine = {"id": uuid.uuid4().hex, "payload": request, "source": "tracking"}
        genuine["topic"] = "tracking.notification.requested.v1"
        ok = await post(gateway, *as_signed(genuine, "tracking"))

    assert [a.status_code for a in answers] == [401, 403, 403, 403]
    assert ok.status_code == 200, ok.text  # accepted (no such account: nothing to mail)
