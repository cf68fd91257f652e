"""A webhook delivery connects to the address that was checked (no DNS rebinding).

The stub answers at the edge: the event loop's resolver, which both the address check and
the HTTP client's own connection would use. ``127.0.0.2`` stands in for the agency's public
address (a local listener the tests can reach); ``127.0.0.1`` is the internal service.
"""

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from tests.tracking.conftest import tracked_commitment
from tests.tracking.test_progress import set_status
from tracking.webhooks import delivery, targets

AGENCY = "127.0.0.2"  # "public" for these tests
INTERNAL = "127.0.0.1"
TOPICS = ["tracking.update.published.v1"]


def tls_for(name: str, tmp_path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for ``name`` only: (server context, client trusting it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    return server, ssl.create_default_context(cafile=str(cert_file))


@asynccontextmanager
async def listeners(
    tls: ssl.SSLContext | None = None,
) -> AsyncIterator[tuple[int, dict[str, list[web.Request]]]]:
    """The agency on 127.0.0.2 and an internal service on 127.0.0.1, on one port."""
    heard: dict[str, list[web.Request]] = {AGENCY: [], INTERNAL: []}
    runners = []
    port = 0
    for host in (AGENCY, INTERNAL):

        async def hear(request: web.Request, host: str = host) -> web.Response:
            await request.read()
            heard[host].append(request)
            return web.Response(status=204)

        app = web.Application()
        app.router.add_post("/{tail:.*}", hear)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, host, port, ssl_context=tls)
        await site.start()
        port = port or runner.addresses[0][1]
        runners.append(runner)
    try:
        yield port, heard
    finally:
        for runner in runners:
            await runner.cleanup()


@pytest.fixture
def rebinding(monkeypatch):
    """``answers[host]``: the lookups' answers in turn (the last one repeats); ``calls``."""
    answers: dict[str, list[list[str]]] = {}
    calls: dict[str, int] = {}
    real = asyncio.BaseEventLoop.getaddrinfo

    async def getaddrinfo(self, host, port, *args, **kw):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in answers:
            return await real(self, host, port, *args, **kw)
        turn = calls.get(name, 0)
        calls[name] = turn + 1
        addresses = answers[name][min(turn, len(answers[name]) - 1)]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", getaddrinfo)
    refusal = targets.refusal
    monkeypatch.setattr(targets, "refusal", lambda text: None if text == AGENCY else refusal(text))
    return answers, calls


async def deliveries(app) -> list[dict]:
    async with app.state.db.transaction(read_only=True) as session:
        table = session.info["kit"].outbox
        rows = [dict(r._mapping) for r in await session.execute(select(table))]
    return [r for r in rows if "#cocrea-webhook=" in r["destination"]]


async def publish_to_webhook(tracking, token_for, url: str) -> int:
    await tracked_commitment(tracking)
    created = await tracking.post(
        "/webhooks", json={"url": url, "topics": TOPICS}, headers=token_for("committee")
    )
    assert created.status_code == 201, created.text
    await set_status(tracking, token_for, "c10", "c10-k1-a1", "completo")
    return await tracking.app.state.relay.drain()


async def test_a_name_that_rebinds_to_loopback_is_delivered_to_the_checked_address(
    start_tracking, token_for, rebinding
):
    answers, calls = rebinding
    async with listeners() as (port, heard):
        async with start_tracking(webhook_allow_private_targets=False) as tracking:
            await tracked_commitment(tracking)
            answers["agencia.example"] = [[AGENCY]]
            created = await tracking.post(
                "/webhooks",
                json={"url": f"http://agencia.example:{port}/h", "topics": TOPICS},
                headers=token_for("committee"),
            )
            # Now the name answers public to the first lookup and loopback to the next.
            answers["agencia.example"] = [[AGENCY], [INTERNAL]]
            calls.clear()
            await set_status(tracking, token_for, "c10", "c10-k1-a1", "completo")
            delivered = await tracking.app.state.relay.drain()
    assert created.status_code == 201, created.text
    assert delivered == 1
    assert calls["agencia.example"] == 1  # resolved once per delivery, never again
    assert heard[INTERNAL] == []
    [request] = heard[AGENCY]
    assert request.host == f"agencia.example:{port}" and request.path == "/h"


@pytest.mark.parametrize(
    "answer", [[AGENCY, "10.0.0.7"], [AGENCY, INTERNAL], ["::ffff:10.0.0.7"], ["fe80::1"]]
)
async def test_an_answer_with_any_private_address_is_refused(
    start_tracking, token_for, rebinding, answer
):
    answers, _calls = rebinding
    async with listeners() as (port, heard):
        async with start_tracking(webhook_allow_private_targets=False) as tracking:
            answers["agencia.example"] = [[AGENCY], answer]  # public at registration only
            delivered = await publish_to_webhook(
                tracking, token_for, f"http://agencia.example:{port}/h"
            )
            [row] = await deliveries(tracking.app)
    assert delivered == 0
    assert heard[AGENCY] == [] and heard[INTERNAL] == []
    assert row["delivered_at"] is None and row["attempts"] == 1  # kept, retried later
    assert "no pública" in row["last_error"]


async def test_where_private_targets_are_allowed_a_local_receiver_gets_it(
    start_tracking, token_for, rebinding
):
    answers, _calls = rebinding
    answers["receptor.test"] = [[INTERNAL]]
    async with listeners() as (port, heard):
        async with start_tracking(environment="dev") as tracking:
            delivered = await publish_to_webhook(
                tracking, token_for, f"http://receptor.test:{port}/cocrea"
            )
    assert delivered == 1
    [request] = heard[INTERNAL]
    assert request.path == "/cocrea" and request.host == f"receptor.test:{port}"
    assert request.headers["x-cocrea-signature"].startswith("t=")


@pytest.mark.parametrize(("certified", "delivered"), [("agencia.example", 1), ("otra.example", 0)])
async def test_https_to_the_pinned_address_verifies_the_original_name(
    start_tracking, token_for, rebinding, monkeypatch, tmp_path, certified, delivered
):
    """The connection goes to the IP, yet TLS (SNI and certificate) is for the URL's name:
    a certificate for that name is accepted (it names no IP), one for another is refused."""
    answers, _calls = rebinding
    answers["agencia.example"] = [[AGENCY]]
    server, client = tls_for(certified, tmp_path)
    monkeypatch.setattr(delivery, "_tls", lambda: client)
    async with listeners(server) as (port, heard):
        async with start_tracking(webhook_allow_private_targets=False) as tracking:
            sent = await publish_to_webhook(
                tracking, token_for, f"https://agencia.example:{port}/h"
            )
            [row] = await deliveries(tracking.app)
    assert sent == delivered and len(heard[AGENCY]) == delivered
    assert heard[INTERNAL] == []
    if not delivered:
        assert "CERTIFICATE_VERIFY_FAILED" in row["last_error"]
