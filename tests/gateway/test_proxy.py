"""The proxy as a caller sees it: routing, forwarding, caps and upstream failures."""

import asyncio
import json
import logging
import socket
from contextlib import asynccontextmanager

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request

from kit.logging import JsonFormatter
from roadmaps.config import RoadmapsSettings
from roadmaps.main import create_app as create_roadmaps
from tests.conftest import migrate, service_settings


def _echo_transport(seen: list[httpx.Request]) -> httpx.MockTransport:
    async def handler(request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "path": request.url.path,
                "query": request.url.query.decode(),
                "body_len": len(body),
            },
        )

    return httpx.MockTransport(handler)


@asynccontextmanager
async def live_server(app: FastAPI):
    """A real uvicorn server on a free loopback port (for timeouts and refused connections)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_forwards_path_query_token_and_request_id(start_gateway, token_for):
    seen: list[httpx.Request] = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        headers = token_for("committee") | {
            "X-Request-ID": "client-chosen",
            "Connection": "keep-alive",
        }
        response = await client.get(
            "/api/v1/roadmaps/commitments?plan_code=MX-4PA&limit=5", headers=headers
        )
    assert response.status_code == 200
    assert response.json() == {
        "path": "/commitments",
        "query": "plan_code=MX-4PA&limit=5",
        "body_len": 0,
    }
    upstream = seen[0]
    assert upstream.url.host == "127.0.0.1" and upstream.url.port == 8102
    assert upstream.headers["authorization"] == headers["Authorization"]
    # The gateway creates the request id; a client cannot choose it.
    assert upstream.headers["x-request-id"] == response.headers["x-request-id"] != "client-chosen"


async def test_unknown_routes_and_methods_are_refused_in_the_error_shape(start_gateway, token_for):
    seen: list[httpx.Request] = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        unknown_service = await client.get("/api/v1/payments/anything")
        unknown_path = await client.get("/api/v1/roadmaps/internal/events")
        wrong_method = await client.delete(
            "/api/v1/roadmaps/commitments", headers=token_for("admin")
        )
    assert unknown_service.status_code == 404
    assert unknown_service.json()["error"]["code"] == "route_not_found"
    assert unknown_path.status_code == 404
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["code"] == "method_not_allowed"
    assert seen == []


async def test_invalid_token_is_refused_even_on_public_routes(start_gateway):
    seen: list[httpx.Request] = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        bad = await client.get(
            "/api/v1/roadmaps/commitments", headers={"Authorization": "Bearer not-a-jwt"}
        )
        basic = await client.get(
            "/api/v1/roadmaps/commitments", headers={"Authorization": "Basic dXNlcjpwYXNz"}
        )
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "invalid_token"
    assert basic.status_code == 401
    assert seen == []


async def test_body_over_the_cap_gets_413_declared_or_streamed(start_gateway, token_for):
    seen: list[httpx.Request] = []
    async with start_gateway(
        service_transport=_echo_transport(seen), max_body_bytes=1000
    ) as client:
        auth = token_for("committee")
        declared = await client.post(
            "/api/v1/roadmaps/commitments",
            content=b"x" * 1001,
            headers=auth | {"content-type": "application/json"},
        )

        async def chunks():
            for _ in range(20):
                yield b"y" * 100

        streamed = await client.post("/api/v1/roadmaps/commitments", content=chunks(), headers=auth)
        fits = await client.post("/api/v1/roadmaps/commitments", content=b"z" * 1000, headers=auth)
    assert declared.status_code == 413
    assert declared.json()["error"] == {
        "code": "payload_too_large",
        "message": "El contenido enviado es demasiado grande.",
        "details": {"max_bytes": 1000},
    }
    assert streamed.status_code == 413
    assert fits.status_code == 200 and fits.json()["body_len"] == 1000


async def test_live_upstream_round_trip_and_streamed_body(start_gateway, token_for):
    upstream = FastAPI()

    @upstream.post("/commitments")
    async def echo(request: Request) -> dict:
        body = await request.body()
        return {"received": len(body), "request_id": request.headers.get("x-request-id")}

    async with live_server(upstream) as url:
        async with start_gateway(service_urls={"roadmaps": url}) as client:
            response = await client.post(
                "/api/v1/roadmaps/commitments",
                content=b"a" * 50_000,
                headers=token_for("committee"),
            )
    assert response.status_code == 200
    assert response.json() == {"received": 50_000, "request_id": response.headers["x-request-id"]}


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


async def test_request_id_reaches_the_service_log(start_gateway, databases, jwks_file):
    url = await databases.new("roadmaps")
    await migrate("roadmaps", url)
    service = create_roadmaps(service_settings(RoadmapsSettings, url, jwks_file))
    handler = _Lines()
    access = logging.getLogger("kit.access")
    async with service.router.lifespan_context(service):
        access.addHandler(handler)
        try:
            transport = httpx.ASGITransport(app=service)
            async with start_gateway(service_transport=transport) as client:
                response = await client.get("/api/v1/roadmaps/commitments")
        finally:
            access.removeHandler(handler)
    assert response.status_code == 200
    service_lines = [line for line in handler.lines if line["path"] == "/commitments"]
    assert service_lines, handler.lines
    assert service_lines[0]["request_id"] == response.headers["x-request-id"]
    assert service_lines[0]["service"] == "roadmaps"


@pytest.mark.parametrize("path", ["/api/v1/openapi.json"])
async def test_merged_openapi_lists_only_routed_paths(start_gateway, databases, jwks_file, path):
    url = await databases.new("roadmaps")
    await migrate("roadmaps", url)
    service = create_roadmaps(service_settings(RoadmapsSettings, url, jwks_file))
    async with service.router.lifespan_context(service):
        async with start_gateway(service_transport=httpx.ASGITransport(app=service)) as client:
            document = (await client.get(path)).json()
            docs = await client.get("/api/docs")
            asset = await client.get("/api/docs/assets/swagger-ui-bundle.js")
    paths = document["paths"]
    assert "/api/v1/roadmaps/commitments" in paths
    assert paths["/api/v1/roadmaps/commitments"]["post"]["x-roles"] == ["admin", "committee"]
    assert not any("internal" in p or p.endswith("healthz") for p in paths)
    # What the gateway itself can answer is documented on every routed operation.
    post = paths["/api/v1/roadmaps/commitments"]["post"]["responses"]
    assert {"401", "403", "413", "429", "503", "504"} <= set(post)
    assert "429" not in paths["/api/v1/roadmaps/commitments"]["get"]["responses"]
    assert post["503"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorResponse")
    assert "CommitmentRead" in document["components"]["schemas"]
    # Services that did not answer are named, not silently dropped.
    assert set(document.get("x-unavailable-services", [])) <= {"consultation", "tracking"}
    assert docs.status_code == 200 and "/api/v1/openapi.json" in docs.text
    assert "cdn" not in docs.text.lower()
    assert asset.status_code == 200


async def test_rate_limited_route_answers_429_with_retry_after(start_gateway, token_for):
    from gateway.routing import RouteTable

    seen: list[httpx.Request] = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        client.app.state.route_table = RouteTable.from_data(
            {
                "routes": [
                    {
                        "service": "consultation",
                        "methods": ["POST"],
                        "path": "/topics",
                        "allow": ["citizen"],
                        "rate_limit": "2/minute",
                    },
                ]
            }
        )
        alice, bob = token_for("citizen", sub="alice"), token_for("citizen", sub="bob")
        codes = [
            (await client.post("/api/v1/consultation/topics", json={}, headers=alice)).status_code
            for _ in range(3)
        ]
        limited = await client.post("/api/v1/consultation/topics", json={}, headers=alice)
        other = await client.post("/api/v1/consultation/topics", json={}, headers=bob)
    assert codes == [200, 200, 429]
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["ratelimit-limit"] == "2"
    assert limited.headers["ratelimit-remaining"] == "0"
    assert int(limited.headers["ratelimit-reset"]) == int(limited.headers["retry-after"])
    # Answers within the limit say what is left (standard RateLimit-* headers).
    assert other.headers["ratelimit-limit"] == "2"
    assert other.headers["ratelimit-remaining"] == "1"
    assert 1 <= int(other.headers["ratelimit-reset"]) <= 60
    assert limited.json()["error"]["code"] == "rate_limited"
    assert other.status_code == 200  # limits are per caller
    assert len(seen) == 3


async def test_the_gateways_own_routes_refuse_bodies_over_the_cap(start_gateway):
    async with start_gateway(max_body_bytes=2000) as client:
        body = {"email": "a@example.com", "password": "x" * 3000}
        declared = await client.post("/api/v1/auth/login", json=body)

        async def chunks():
            for _ in range(30):
                yield b" " * 100

        streamed = await client.post(
            "/api/v1/auth/login", content=chunks(), headers={"content-type": "application/json"}
        )
        small = await client.post(
            "/api/v1/auth/login", json={"email": "a@example.com", "password": "nope-nope"}
        )
    for answer in (declared, streamed):
        assert answer.status_code == 413, answer.text
        assert answer.json()["error"]["code"] == "payload_too_large"
    assert small.status_code == 401


async def test_405_names_the_allowed_methods_and_options_is_answered(start_gateway, token_for):
    seen: list[httpx.Request] = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        wrong = await client.put("/api/v1/roadmaps/commitments", json={})
        options = await client.options("/api/v1/roadmaps/commitments")
        item = await client.options("/api/v1/consultation/topics/t-1/votes")
        unknown = await client.options("/api/v1/roadmaps/no-such-thing")
        own_wrong = await client.put("/api/v1/auth/login", json={})
        own_options = await client.options("/api/v1/auth/login")
        merged = await client.options("/api/v1/openapi.json")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"
    assert wrong.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert options.status_code == 204 and options.headers["allow"] == wrong.headers["allow"]
    assert item.status_code == 204 and item.headers["allow"] == "OPTIONS, POST"
    assert unknown.status_code == 404
    assert own_wrong.status_code == 405 and "POST" in own_wrong.headers["allow"]
    assert own_options.status_code == 204 and own_options.headers["allow"] == "OPTIONS, POST"
    assert merged.status_code == 204 and merged.headers["allow"] == "GET, OPTIONS"
    assert seen == []  # answered by the gateway, nothing reached a service


async def test_allow_lists_every_method_of_the_resource_and_no_other(start_gateway):
    """Found by schemathesis (ST205): the gateway's own paths with several routes named only
    the first one's methods, and a literal path borrowed the methods of a parameter."""
    seen: list[httpx.Request] = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        clients = await client.options("/api/v1/auth/clients")
        wrong = await client.put("/api/v1/auth/clients", json={})
        me = await client.options("/api/v1/auth/me")
        similar = await client.options("/api/v1/consultation/topics/similar")
        patched = await client.patch("/api/v1/consultation/topics/similar", json={})
        topic = await client.options("/api/v1/consultation/topics/t-1")
    assert clients.status_code == 204 and clients.headers["allow"] == "GET, OPTIONS, POST"
    assert wrong.status_code == 405 and wrong.headers["allow"] == clients.headers["allow"]
    assert me.headers["allow"] == "DELETE, GET, OPTIONS"
    assert similar.status_code == 204 and similar.headers["allow"] == "GET, HEAD, OPTIONS"
    assert patched.status_code == 405 and patched.headers["allow"] == similar.headers["allow"]
    assert "PATCH" in topic.headers["allow"]
    assert seen == []


async def test_unlimited_routes_carry_no_quota_and_503_says_when_to_retry(start_gateway):
    async def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    async with start_gateway(service_transport=httpx.MockTransport(refuse)) as client:
        down = await client.get("/api/v1/roadmaps/commitments")
    assert down.status_code == 503
    assert int(down.headers["retry-after"]) >= 1
    assert "ratelimit-limit" not in down.headers  # GET /commitments has no limit
