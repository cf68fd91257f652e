"""Mail leaves over SMTP, after commit, from the outbox: delivered to a real SMTP server
(aiosmtpd, started here) and read back from the message that arrived."""

import asyncio
import json
import re
import time
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from tests.conftest import signed_event
from tests.gateway.conftest import AUTH, AuthFlows, bearer
from tests.gateway.smtp import SmtpServer

FAST = {"relay_poll_seconds": 0.05, "mail_retry_cap_seconds": 0.2}
SENDER = "Cocrea <no-reply@cocrea.example>"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()


async def arrived(smtp: SmtpServer, address: str, count: int = 1) -> list[EmailMessage]:
    deadline = time.monotonic() + 15
    while len(smtp.to(address)) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return smtp.to(address)


async def outbox_rows(client) -> list:
    async with client.app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        query = select(table).where(table.c.destination.startswith("mail:"))
        return list(await session.execute(query))


async def verified_citizen(client, smtp: SmtpServer, email: str) -> dict[str, str]:
    """A real, verified and signed-in citizen, verified with the code that arrived."""
    f = AuthFlows(client)
    await f.register(email, verify=False)
    [message] = await arrived(smtp, email)
    code = re.search(r"\b(\d{6})\b", message.get_content()).group(1)
    verified = await client.post(f"{AUTH}/verify-email", json={"email": email, "code": code})
    assert verified.status_code == 200, verified.text
    return bearer(await f.tokens(email))


async def test_a_registering_citizen_gets_the_code_from_the_smtp_server(start_gateway, flows, smtp):
    async with start_gateway(**smtp.settings(), **FAST, mail_from=SENDER) as client:
        await flows(client).register("lucia@example.com", verify=False)
        [message] = await arrived(smtp, "lucia@example.com")
        code = re.search(r"\b(\d{6})\b", message.get_content()).group(1)
        verified = await client.post(
            f"{AUTH}/verify-email", json={"email": "lucia@example.com", "code": code}
        )
        [row] = await outbox_rows(client)
        mailbox = await client.get(f"{AUTH}/dev/mailbox", params={"email": "lucia@example.com"})
    assert verified.status_code == 200, verified.text
    assert verified.json()["email_verified"] is True
    assert message["Subject"] == "Confirma tu correo en Cocrea"
    assert message["From"] == SENDER
    assert message["Message-ID"] == f"<{row.id}@cocrea.example>"
    # Once sent, the outbox keeps neither the address nor the code.
    assert row.delivered_at is not None and row.payload == {
        "subject": "Confirma tu correo en Cocrea",
        "kind": "email_verification",
    }
    assert mailbox.status_code == 404  # no dev mailbox when mail goes over SMTP


async def test_a_temporary_refusal_is_retried_and_the_message_arrives_once(
    start_gateway, flows, smtp
):
    smtp.recorder.refuse_next = 1  # 421 for the first attempt
    async with start_gateway(**smtp.settings(), **FAST) as client:
        await flows(client).register("lucia@example.com", verify=False)
        received = await arrived(smtp, "lucia@example.com")
        await asyncio.sleep(0.5)  # room for a wrong second delivery
        received = smtp.to("lucia@example.com")
        [row] = await outbox_rows(client)
    assert smtp.recorder.refused_temporarily == 1
    assert len(received) == 1
    assert row.attempts == 2 and row.delivered_at is not None and row.failed_at is None


async def test_a_permanent_refusal_is_recorded_listed_for_admins_and_can_be_retried(
    start_gateway, flows, smtp
):
    smtp.recorder.unknown.add("nadie@example.com")
    async with start_gateway(**smtp.settings(), **FAST) as client:
        f = flows(client)
        admin = await f.admin()
        await f.register("nadie@example.com", verify=False)
        deadline = time.monotonic() + 15
        listed: list = []
        while not listed and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            answer = await client.get(f"{AUTH}/mail/failures", headers=admin)
            assert answer.status_code == 200, answer.text
            listed = answer.json()["items"]
        citizen = await verified_citizen(client, smtp, "otra@example.com")
        as_citizen = await client.get(f"{AUTH}/mail/failures", headers=citizen)
        anonymous = await client.get(f"{AUTH}/mail/failures")
        retry_as_citizen = await client.post(
            f"{AUTH}/mail/failures/{listed[0]['id']}/retry", headers=citizen
        )
        smtp.recorder.unknown.clear()  # the address was fixed at the receiving end
        retried = await client.post(f"{AUTH}/mail/failures/{listed[0]['id']}/retry", headers=admin)
        delivered = await arrived(smtp, "nadie@example.com")
        after = await client.get(f"{AUTH}/mail/failures", headers=admin)
        missing = await client.post(f"{AUTH}/mail/failures/{'0' * 32}/retry", headers=admin)
    [failure] = listed
    assert failure["to"] == "nadie@example.com"
    assert failure["kind"] == "email_verification"
    assert failure["attempts"] == 1  # a 550 is not retried
    assert "550" in failure["last_error"]
    assert "body" not in failure and "data" not in failure  # the code stays private
    assert as_citizen.status_code == 403
    assert as_citizen.json()["error"]["code"] == "forbidden"
    assert anonymous.status_code == 401
    assert retry_as_citizen.status_code == 403
    assert retried.status_code == 202, retried.text
    assert len(delivered) == 1
    assert after.json() == {"items": [], "next_cursor": None}
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "mail_not_found"


async def test_a_notification_mail_links_to_the_commitment_page_on_the_website(start_gateway, smtp):
    """Tracking asks for a notice with the site path of the commitment's page; the mail
    that arrives holds the whole address, clickable from a mail reader."""
    website = {"website_url": "https://cocrea.example.org"}
    async with start_gateway(**smtp.settings(), **FAST, **website) as client:
        citizen = await verified_citizen(client, smtp, "nora@example.com")
        me = (await client.get(f"{AUTH}/me", headers=citizen)).json()
        payload = {
            "account_id": me["id"],
            "kind": "commitment_update_published",
            "subject": "Nuevo avance validado: MX-5PA, compromiso 2",
            "body": "El compromiso tiene un avance validado.",
            "link": "/tablero/compromisos/MX5-02",
        }
        event = json.dumps(
            {
                "id": "t-1",
                "topic": "tracking.notification.requested.v1",
                "source": "tracking",
                "payload": payload,
            }
        ).encode()
        answer = await client.post(
            "/internal/events", content=event, headers=signed_event(event, "tracking")
        )
        received = await arrived(smtp, "nora@example.com", count=2)
    assert answer.json() == {"status": "processed"}, answer.text
    notice = next(m for m in received if m["Subject"].startswith("Nuevo avance"))
    lines = notice.get_content().splitlines()
    assert "https://cocrea.example.org/tablero/compromisos/MX5-02" in lines
    assert "/tablero/compromisos/MX5-02" not in lines  # never the bare path
