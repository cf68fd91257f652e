"""The site passes evidence files on as they arrive from the gateway, never whole in memory.

httpx's ASGITransport collects a whole answer before returning it, so these tests speak ASGI
to the app directly and watch the order of events: a chunk reaches the browser before the
gateway has produced the next one."""

from collections.abc import AsyncIterator

import anyio
import httpx

from frontend.config import FrontendSettings
from frontend.main import create_app
from tests.conftest import running
from tests.frontend.conftest import GATEWAY

PATH = "/api/v1/tracking/evidence/e1"
CHUNK = b"%" * 65_536
CHUNKS = 4


async def asgi_get(app, path: str, log: list[str]) -> tuple[int, dict[str, str], bytes]:
    """One GET through the app's ASGI interface, logging every body message it sends."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"test")],
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
    }
    status, headers, body = 0, {}, bytearray()
    requested = False
    finished = anyio.Event()

    async def receive() -> dict:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()  # the browser stays connected until the answer is complete
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body" and message.get("body"):
            log.append(f"sent {len(message['body'])}")
            body.extend(message["body"])
        if message["type"] == "http.response.body" and not message.get("more_body"):
            finished.set()

    await app(scope, receive, send)
    return status, headers, bytes(body)


def streaming_gateway(log: list[str]):
    async def produce() -> AsyncIterator[bytes]:
        for number in range(CHUNKS):
            log.append(f"produced {number}")
            yield CHUNK

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == PATH:
            headers = {
                "content-type": "application/pdf",
                "content-disposition": 'attachment; filename="acta.pdf"',
                "content-length": str(len(CHUNK) * CHUNKS),
                "x-checksum-sha256": "abc",
            }
            return httpx.Response(200, headers=headers, content=produce())
        return httpx.Response(404, json={"error": {"code": "evidence_not_found", "message": "No"}})

    return handler


def site(handler):
    settings = FrontendSettings(environment="test", gateway_url=GATEWAY, access_log=False)
    return create_app(settings, gateway_transport=httpx.MockTransport(handler))


async def test_an_evidence_file_reaches_the_browser_chunk_by_chunk():
    log: list[str] = []
    app = site(streaming_gateway(log))
    async with running(app):
        status, headers, body = await asgi_get(app, "/evidencia/e1", log)

    assert status == 200
    assert body == CHUNK * CHUNKS
    assert headers["content-type"] == "application/pdf"
    assert headers["content-length"] == str(len(CHUNK) * CHUNKS)
    assert "acta.pdf" in headers["content-disposition"]
    assert headers["x-content-type-options"] == "nosniff"
    # The first chunk left before the gateway produced the last one: nothing buffered whole.
    assert log.index("sent 65536") < log.index(f"produced {CHUNKS - 1}"), log


async def test_a_missing_evidence_file_is_the_sites_error_page():
    log: list[str] = []
    app = site(streaming_gateway(log))
    async with running(app) as client:
        answer = await client.get("/evidencia/otra")

    assert answer.status_code == 404
    assert "text/html" in answer.headers["content-type"]
