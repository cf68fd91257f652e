"""Both upstream clients (aiohttp, the default, and httpx) against a real uvicorn service:
what passes through untouched and how each failure is answered."""

import asyncio
import gzip

import pytest
from fastapi import FastAPI, Request, Response
from fastapi.responses import StreamingResponse

from gateway.proxy import BUFFER_LIMIT
from tests.gateway.test_proxy import _free_port, live_server

CLIENTS = pytest.mark.parametrize("client_kind", ["aiohttp", "httpx"])


def _service() -> FastAPI:
    app = FastAPI()

    @app.get("/commitments")
    async def listing(request: Request) -> Response:
        # A service that sets a cookie and reports the cookies it was sent.
        answer = Response(
            content=f'{{"cookie": "{request.headers.get("cookie", "")}"}}',
            media_type="application/json",
        )
        answer.set_cookie("session", "belongs-to-the-first-caller")
        return answer

    @app.get("/commitments/gzip")
    async def compressed() -> Response:
        body = gzip.compress(b'{"items": []}')
        return Response(body, media_type="application/json", headers={"content-encoding": "gzip"})

    @app.get("/commitments/big")
    async def big() -> StreamingResponse:
        async def parts():
            for n in range(40):
                yield bytes([65 + n % 26]) * 10_000

        return StreamingResponse(parts(), media_type="application/octet-stream")

    @app.post("/commitments")
    async def echo(request: Request) -> dict:
        return {"received": len(await request.body())}

    return app


@CLIENTS
async def test_no_cookie_is_replayed_and_bodies_pass_as_they_are(
    client_kind, start_gateway, token_for
):
    async with live_server(_service()) as url:
        async with start_gateway(
            service_urls={"roadmaps": url}, proxy_transport=client_kind, public_cache_seconds=0
        ) as client:
            first = await client.get("/api/v1/roadmaps/commitments")
            client.cookies.clear()  # the caller keeps none either
            second = await client.get("/api/v1/roadmaps/commitments")
            packed = await client.get(
                "/api/v1/roadmaps/commitments/gzip", headers={"accept-encoding": "identity"}
            )
            big = await client.get("/api/v1/roadmaps/commitments/big")
    assert first.status_code == second.status_code == 200
    assert "belongs-to-the-first-caller" in first.headers["set-cookie"]  # relayed to its caller
    assert second.json() == {"cookie": ""}  # ... and never sent upstream for anyone else
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.json() == {"items": []}  # httpx (the test's client) decodes what was relayed
    assert len(big.content) == 400_000 > BUFFER_LIMIT
    assert big.content[:10_000] == b"A" * 10_000 and big.content[-1:] == bytes([65 + 39 % 26])


@CLIENTS
async def test_streamed_body_over_the_cap_is_413_and_within_it_arrives_whole(
    client_kind, start_gateway, token_for
):
    async with live_server(_service()) as url:
        async with start_gateway(
            service_urls={"roadmaps": url}, proxy_transport=client_kind, max_body_bytes=5000
        ) as client:

            async def chunks(count: int):
                for _ in range(count):
                    yield b"y" * 1000

            auth = token_for("committee")
            over = await client.post(
                "/api/v1/roadmaps/commitments", content=chunks(8), headers=auth
            )
            within = await client.post(
                "/api/v1/roadmaps/commitments", content=chunks(5), headers=auth
            )
    assert over.status_code == 413, over.text
    assert over.json()["error"]["details"] == {"max_bytes": 5000}
    assert within.status_code == 200 and within.json() == {"received": 5000}


@CLIENTS
async def test_a_service_that_drops_the_connection_gives_502(client_kind, start_gateway):
    async def dies_mid_request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        await reader.readuntil(b"\r\n\r\n")  # the request arrives, no answer ever leaves
        writer.close()

    server = await asyncio.start_server(dies_mid_request, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        async with start_gateway(
            service_urls={"roadmaps": f"http://127.0.0.1:{port}"}, proxy_transport=client_kind
        ) as client:
            response = await client.get("/api/v1/roadmaps/commitments")
    assert response.status_code == 502, response.text
    assert response.json()["error"]["code"] == "bad_gateway"


@CLIENTS
async def test_stopped_and_slow_services(client_kind, start_gateway):
    slow = FastAPI()

    @slow.get("/commitments")
    async def sleepy() -> dict:
        await asyncio.sleep(3)
        return {"items": []}

    async with live_server(slow) as url:
        async with start_gateway(
            service_urls={"roadmaps": url, "tracking": f"http://127.0.0.1:{_free_port()}"},
            proxy_transport=client_kind,
            proxy_timeout_seconds=0.5,
        ) as client:
            timed_out = await client.get("/api/v1/roadmaps/commitments")
            refused = await client.get("/api/v1/tracking/plans/MX-4PA/dashboard")
    assert timed_out.status_code == 504
    assert refused.status_code == 503
    assert timed_out.json()["error"]["code"] == "gateway_timeout"
    refusal = refused.json()["error"]
    assert refusal["code"] == "service_unavailable" and "no está disponible" in refusal["message"]
    assert refusal["details"] == {"service": "tracking"}
