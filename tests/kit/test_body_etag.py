"""Every successful JSON read carries an ETag from its bytes and answers 304 on a match."""

import httpx
import pytest
from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse, StreamingResponse

from kit.body_etag import MAX_BODY, BodyETagMiddleware

pytestmark = pytest.mark.asyncio
STATE = {"count": 1}


def make_app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(BodyETagMiddleware)

    @app.get("/items")
    async def items() -> dict:
        return {"count": STATE["count"], "name": "añil"}

    @app.get("/versioned")
    async def versioned() -> Response:
        return JSONResponse({"v": 1}, headers={"ETag": '"v1"'})

    @app.get("/missing")
    async def missing() -> Response:
        return JSONResponse({"code": "not_found"}, status_code=404)

    @app.get("/page")
    async def page() -> Response:
        return Response("<p>hola</p>", media_type="text/html")

    @app.get("/large")
    async def large() -> Response:
        def chunks():
            for _ in range(3):
                yield b"[" + b"1," * (MAX_BODY // 4) + b"1]"

        return StreamingResponse(chunks(), media_type="application/json")

    @app.post("/items")
    async def create() -> dict:
        return {"ok": True}

    return app


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


async def test_a_json_read_has_an_etag_and_a_match_is_304_without_body(client):
    first = await client.get("/items")
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('W/"')
    again = await client.get("/items", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and "content-length" not in again.headers
    assert (
        await client.get("/items", headers={"If-None-Match": '"other", ' + etag})
    ).status_code == 304


async def test_a_changed_answer_has_another_etag_and_is_sent_whole(client):
    etag = (await client.get("/items")).headers["etag"]
    STATE["count"] += 1
    changed = await client.get("/items", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["count"] == STATE["count"]
    assert changed.headers["etag"] != etag


async def test_a_route_s_own_etag_errors_html_large_and_writes_pass_untouched(client):
    own = await client.get("/versioned", headers={"If-None-Match": '"v1"'})
    assert own.status_code == 200 and own.headers["etag"] == '"v1"'  # the route decides
    missing = await client.get("/missing")
    assert missing.status_code == 404 and "etag" not in missing.headers
    assert "etag" not in (await client.get("/page")).headers
    large = await client.get("/large")
    assert large.status_code == 200 and "etag" not in large.headers
    assert len(large.content) > MAX_BODY and large.content.count(b"[") == 3
    assert "etag" not in (await client.post("/items")).headers
