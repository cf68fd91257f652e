"""The reverse proxy: ``/api/v1/<service>/...`` → the service named in the route table.

Bodies stream in both directions; the caller's token and the request id are forwarded.
Answers in the one error shape: 404 for unknown routes, 413 over the body cap, 503 when a
service cannot be reached, 504 when it is too slow, 502 for other upstream failures.
"""

import logging
from collections.abc import AsyncIterator

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from httpx_aiohttp import AiohttpTransport
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway.config import GatewaySettings
from gateway.routing import RouteRule, RouteTable
from kit.errors import (
    BadGateway,
    GatewayTimeout,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    Unauthorized,
)
from kit.tokens import Principal

log = logging.getLogger("gateway.proxy")
router = APIRouter(include_in_schema=False)

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "x-request-id",
        "x-forwarded-for",
        "x-forwarded-proto",
        "x-forwarded-host",
    }
)
BUFFER_LIMIT = 256 * 1024
RESPONSE_DROP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "server", "date", "x-request-id"}
)


def build_proxy_client(
    settings: GatewaySettings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """One pooled client for all upstream calls, on the aiohttp transport (faster under load)."""
    limits = httpx.Limits(max_connections=512, max_keepalive_connections=256)
    timeout = httpx.Timeout(
        settings.proxy_timeout_seconds, connect=settings.proxy_connect_timeout_seconds
    )
    if transport is None and settings.proxy_transport == "aiohttp":
        transport = AiohttpTransport(limits=limits)
    return httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        limits=limits,
    )


async def _principal(request: Request) -> Principal | None:
    auth = request.headers.get("authorization")
    if not auth:
        return None
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("El encabezado Authorization no es válido.", code="invalid_token")
    return await request.app.state.verifier.verify(token.strip())


def _upstream_headers(request: Request) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k not in HOP_BY_HOP}
    headers["x-request-id"] = request.state.request_id
    client = request.client.host if request.client else ""
    prior = request.headers.get("x-forwarded-for")
    headers["x-forwarded-for"] = f"{prior}, {client}" if prior else client
    headers["x-forwarded-proto"] = request.url.scheme
    headers["x-forwarded-host"] = request.headers.get("host", "")
    return headers


def _body_cap(request: Request, rule: RouteRule) -> int:
    cap = rule.max_body or request.app.state.settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > cap:
        raise PayloadTooLarge(details={"max_bytes": cap})
    return cap


class _BodyTooLarge(Exception):
    pass


async def _capped_body(request: Request, cap: int) -> AsyncIterator[bytes]:
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > cap:
            raise _BodyTooLarge
        yield chunk


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    return bool(request.headers.get("transfer-encoding")) or (length not in (None, "0"))


async def _rate_limit(request: Request, rule: RouteRule, principal: Principal | None) -> None:
    if not rule.rate_limit:
        return
    caller = principal.sub if principal else f"ip:{request.client.host if request.client else ''}"
    await request.app.state.limiter.check(rule.rate_limit, "route", rule.id, caller)


@router.api_route(
    "/api/v1/{service}/{path:path}",
    methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
)
async def proxy(request: Request, service: str, path: str) -> Response:
    """Forward one request to its service after the route table's checks."""
    table: RouteTable = request.app.state.route_table
    settings: GatewaySettings = request.app.state.settings
    base_url = settings.service_urls.get(service)
    rule, path_known = table.match(service, request.method, "/" + path)
    if rule is None or base_url is None:
        if path_known:
            raise StarletteHTTPException(405)
        raise NotFound("Esa ruta no existe.", code="route_not_found")
    principal = await _principal(request)
    rule.authorize(principal)
    await _rate_limit(request, rule, principal)
    cap = _body_cap(request, rule)
    url = f"{base_url.rstrip('/')}/{path}"
    if request.url.query:
        url = f"{url}?{request.url.query}"
    content = _capped_body(request, cap) if _has_body(request) else None
    client: httpx.AsyncClient = request.app.state.proxy
    upstream_request = client.build_request(
        request.method, url, headers=_upstream_headers(request), content=content
    )
    upstream = await _send(client, upstream_request, service, cap)
    headers = {k: v for k, v in upstream.headers.items() if k.lower() not in RESPONSE_DROP}
    length = upstream.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) <= BUFFER_LIMIT:
        # Small bodies (most API answers) are sent in one piece with their length;
        # large ones (exports, evidence files) stream through with bounded memory.
        try:
            body = await upstream.aread()
        finally:
            await upstream.aclose()
        return Response(body, status_code=upstream.status_code, headers=headers)
    return StreamingResponse(
        upstream.aiter_raw(),
        status_code=upstream.status_code,
        headers=headers,
        background=BackgroundTask(upstream.aclose),
    )


async def _send(
    client: httpx.AsyncClient, upstream_request: httpx.Request, service: str, cap: int
) -> httpx.Response:
    try:
        return await client.send(upstream_request, stream=True)
    except _BodyTooLarge:
        raise PayloadTooLarge(details={"max_bytes": cap}) from None
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        log.warning("service unreachable", extra={"upstream": service, "error": str(exc)})
        raise ServiceUnavailable(details={"service": service}) from None
    except httpx.TimeoutException as exc:
        log.warning("service timed out", extra={"upstream": service, "error": str(exc)})
        raise GatewayTimeout(details={"service": service}) from None
    except httpx.HTTPError as exc:
        if isinstance(exc.__cause__ or exc.__context__, _BodyTooLarge):
            raise PayloadTooLarge(details={"max_bytes": cap}) from None
        log.warning("upstream failure", extra={"upstream": service, "error": str(exc)})
        raise BadGateway(details={"service": service}) from None
