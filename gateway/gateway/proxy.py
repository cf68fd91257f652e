"""The reverse proxy: ``/api/v1/<service>/...`` → the service named in the route table.

It is a plain ASGI middleware, not a FastAPI route: every public API call passes through
here, so it skips the framework's routing and dependency machinery (measured in
docs/PERFORMANCE.md). Bodies stream in both directions (small answers go in one piece);
the caller's token and the request id are forwarded. Answers in the one error shape:
404 for unknown routes, 405 for a wrong method, 401/403 from the route table, 413 over
the body cap, 429 over a rate limit, 503 when a service cannot be reached, 504 when it is
too slow, 502 for other upstream failures.
"""

import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import httpx
from starlette.routing import Match

from gateway import upstream as up
from gateway.cache import Kept, PublicCache, etag_matches
from gateway.config import GatewaySettings
from gateway.principals import check_token
from gateway.routing import PUBLIC, RouteRule, RouteTable
from kit.auth import bearer_token
from kit.errors import (
    AppError,
    BadGateway,
    GatewayTimeout,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    send_error,
)
from kit.gateway_credential import CREDENTIAL_HEADER, credential
from kit.tokens import Principal

log = logging.getLogger("gateway.proxy")
PREFIX = "/api/v1/"
OWN_SEGMENTS = frozenset({"auth", "openapi.json", "open-data"})  # answered by the gateway itself
BUFFER_LIMIT = 256 * 1024
PATH_SAFE = "/:@!$&'()*+,;=-._~"  # RFC 3986 pchar and "/", kept as they are
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
        b"host",
        b"content-length",
        b"x-request-id",
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"x-forwarded-host",
        CREDENTIAL_HEADER.lower().encode(),  # only the gateway makes it
    }
)
RESPONSE_DROP = frozenset(
    {b"connection", b"keep-alive", b"transfer-encoding", b"server", b"date", b"x-request-id"}
)


class MethodNotAllowed(AppError):
    status_code = 405
    code = "method_not_allowed"
    message = "Ese método no está permitido aquí."


class InvalidPath(AppError):
    status_code = 400
    code = "invalid_path"
    message = "La ruta no es válida (segmentos «.» o «..» o barras codificadas)."


def refuse_ambiguous_path(scope: dict[str, Any]) -> None:
    """The route table matches the path as sent; a ``..`` the service (or anything between)
    resolves later, or an encoded ``/`` it decodes, would reach another route than the one
    authorised. Such paths are refused, never normalised."""
    raw = scope.get("raw_path") or scope.get("path", "").encode()
    lowered = raw.lower()
    segments = scope.get("path", "").split("/")
    if any(s in (".", "..") for s in segments) or b"%2f" in lowered or b"%5c" in lowered:
        raise InvalidPath()
    if "\\" in scope.get("path", ""):
        raise InvalidPath()


def public_location(location: str, base_url: str, service: str) -> str | None:
    """An upstream ``Location`` as the caller must see it: under ``/api/v1/<service>``;
    None (the header is dropped) when it points anywhere else."""
    base = base_url.rstrip("/")
    if location.startswith(base + "/") or location == base:
        return f"{PREFIX}{service}{location[len(base) :] or '/'}"
    if location.startswith("/") and not location.startswith("//"):
        return f"{PREFIX}{service}{location}"
    return None


class _BodyTooLarge(Exception):
    pass


def build_proxy_client(
    settings: GatewaySettings, transport: httpx.AsyncBaseTransport | None = None
) -> up.Upstream:
    """One pooled client for all upstream calls (``gateway.upstream``)."""
    return up.build_upstream(
        settings.proxy_transport,
        settings.proxy_timeout_seconds,
        settings.proxy_connect_timeout_seconds,
        transport,
    )


class _Call:
    """One proxied request: what the checks and the forwarding need from the ASGI scope."""

    def __init__(self, scope: dict[str, Any], receive: Any) -> None:
        self.scope = scope
        self.receive = receive
        self.headers: dict[bytes, bytes] = {}
        for key, value in scope["headers"]:
            self.headers.setdefault(key, value)
        client = scope.get("client")
        self.client_ip = client[0] if client else ""

    def header(self, name: bytes) -> str | None:
        value = self.headers.get(name)
        return value.decode("latin-1") if value is not None else None

    async def principal(self, verifier: Any) -> Principal | None:
        token = bearer_token(self.header(b"authorization"))
        return await verifier.verify(token) if token is not None else None

    def upstream_headers(self) -> list[tuple[bytes, bytes]]:
        headers = [(k, v) for k, v in self.scope["headers"] if k not in HOP_BY_HOP]
        prior = self.header(b"x-forwarded-for")
        forwarded = f"{prior}, {self.client_ip}" if prior else self.client_ip
        headers += [
            (b"x-request-id", self.scope["state"]["request_id"].encode()),
            (b"x-forwarded-for", forwarded.encode()),
            (b"x-forwarded-proto", self.scope.get("scheme", "http").encode()),
            (b"x-forwarded-host", self.headers.get(b"host", b"")),
        ]
        return headers

    def has_body(self) -> bool:
        length = self.headers.get(b"content-length")
        return b"transfer-encoding" in self.headers or length not in (None, b"0")

    def body_cap(self, rule: RouteRule, default: int) -> int:
        cap = rule.max_body or default
        declared = self.header(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            raise PayloadTooLarge(details={"max_bytes": cap})
        return cap

    async def body(self, cap: int) -> AsyncIterator[bytes]:
        seen = 0
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > cap:
                raise _BodyTooLarge
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return


class ProxyMiddleware:
    """Handles ``/api/v1/<service>/…`` for every service that is not the gateway itself."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        service, _, rest = path[len(PREFIX) :].partition("/")
        try:
            refuse_ambiguous_path(scope)
        except AppError as exc:
            await send_error(send, exc)
            return
        if service in OWN_SEGMENTS:
            await self.app(scope, receive, _own_allow(scope, send))
            return
        try:
            await self._proxy(scope["app"].state, _Call(scope, receive), service, rest, send)
        except AppError as exc:
            await send_error(send, exc)

    async def _proxy(self, state: Any, call: _Call, service: str, rest: str, send: Any) -> None:
        settings: GatewaySettings = state.settings
        table: RouteTable = state.route_table
        base_url = settings.service_urls.get(service)
        method = call.scope["method"]
        allowed = table.allowed_methods(service, "/" + rest) if base_url else []
        if method == "OPTIONS" and allowed:
            await _send_allow(send, allowed)
            return
        rule, path_known = table.match(service, method, "/" + rest)
        if rule is None or base_url is None:
            if path_known and allowed:
                raise MethodNotAllowed(headers={"Allow": ", ".join(allowed)})
            raise NotFound("Esa ruta no existe.", code="route_not_found")
        call.scope["cocrea.route"] = f"{PREFIX}{service}{rule.path}"  # metrics label
        principal = await call.principal(state.verifier)
        if principal is not None:
            check_token(state, principal, method, call.scope["path"])
        rule.authorize(principal)
        if rule.rate_limit:
            caller = principal.sub if principal else f"ip:{call.client_ip}"
            quota = await state.limiter.hit(rule.rate_limit, "route", rule.id, caller)
            send = _with_headers(send, quota.headers())
        cap = call.body_cap(rule, settings.max_body_bytes)
        # ``rest`` is the decoded path: encode it again (control characters, spaces, non-ASCII)
        url = f"{base_url.rstrip('/')}/{quote(rest, safe=PATH_SAFE)}"
        query = call.scope.get("query_string", b"")
        if query:
            url = f"{url}?{query.decode('latin-1')}"
        cache: PublicCache = state.public_cache
        key = cache.key_for(call.scope, call.headers) if PUBLIC in rule.allow else None
        kept = cache.get(key) if key else None
        if kept is not None:
            await _send_kept(send, kept, call.headers.get(b"if-none-match"))
            return
        headers = call.upstream_headers()
        proof = credential(settings.service_secret(service), method, "/" + rest, query)
        headers.append((CREDENTIAL_HEADER.lower().encode(), proof.encode()))
        if key:  # ask for the full answer so it can be kept; 304 is decided here
            headers = [(k, v) for k, v in headers if k != b"if-none-match"]
        body = call.body(cap) if call.has_body() else None
        upstream = await _forward(state.proxy, method, url, headers, body, service, cap)
        keep = None
        if key:

            def keep(status: int, answer: list[tuple[bytes, bytes]], body: bytes) -> Kept | None:
                cache.put(key, status, answer, body)
                return cache.get(key)

        upstream.headers = _public_headers(upstream.headers, base_url, service)
        await _relay_response(upstream, method, send, keep, call.headers.get(b"if-none-match"))


OWN_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _own_methods(scope: dict[str, Any]) -> list[str]:
    """Every method the gateway's own routes accept on this path (asked of the router one
    method at a time). Starlette's 405 names only the first route that matched the path."""
    routes = scope["app"].router.routes
    methods = {
        method
        for method in OWN_METHODS
        if any(route.matches({**scope, "method": method})[0] == Match.FULL for route in routes)
    }
    return sorted(methods | {"OPTIONS"})


def _own_allow(scope: dict[str, Any], send: Any) -> Any:
    """The gateway's own routes: a 405 carries every method of the path in ``Allow``, and
    OPTIONS (a 405 there) becomes the answer, 204 with that ``Allow``."""
    answered = False

    async def wrapped(message: dict[str, Any]) -> None:
        nonlocal answered
        if message["type"] == "http.response.start" and message["status"] == 405:
            allowed = _own_methods(scope)
            if scope["method"] == "OPTIONS":
                await _send_allow(send, allowed)
                answered = True
                return
            kept = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
            message = {**message, "headers": [*kept, (b"allow", ", ".join(allowed).encode())]}
        if not answered:
            await send(message)

    return wrapped


def _with_headers(send: Any, extra: dict[str, str]) -> Any:
    """``send`` adding ``extra`` headers to the answer (the caller's rate-limit quota)."""
    encoded = [(k.lower().encode(), v.encode()) for k, v in extra.items()]

    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *encoded]}
        await send(message)

    return wrapped


async def _send_allow(send: Any, allowed: list[str]) -> None:
    """OPTIONS answered: 204 with ``Allow``, before any token is looked at."""
    headers = [(b"allow", ", ".join(allowed).encode()), (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _public_headers(
    headers: list[tuple[bytes, bytes]], base_url: str, service: str
) -> list[tuple[bytes, bytes]]:
    kept = []
    for key, value in headers:
        if key.lower() == b"location":
            location = public_location(value.decode("latin-1"), base_url, service)
            if location is None:
                log.warning("upstream redirect dropped", extra={"upstream": service})
                continue
            value = location.encode("latin-1")
        kept.append((key, value))
    return kept


async def _forward(
    client: up.Upstream,
    method: str,
    url: str,
    headers: list[tuple[bytes, bytes]],
    body: AsyncIterator[bytes] | None,
    service: str,
    cap: int,
) -> up.Response:
    try:
        return await client.send(method, url, headers, body)
    except _BodyTooLarge:
        raise PayloadTooLarge(details={"max_bytes": cap}) from None
    except (up.Unreachable, up.TimedOut, up.Failed) as exc:
        # The clients report the cap's exception, raised while they send the body, as a
        # failure of the exchange: that is the caller's body, not the service.
        if _caused_by_body_cap(exc):
            raise PayloadTooLarge(details={"max_bytes": cap}) from None
        if isinstance(exc, up.Unreachable):
            log.warning("service unreachable", extra={"upstream": service, "error": str(exc)})
            raise ServiceUnavailable(details={"service": service}) from None
        if isinstance(exc, up.TimedOut):
            log.warning("service timed out", extra={"upstream": service, "error": str(exc)})
            raise GatewayTimeout(details={"service": service}) from None
        log.warning("upstream failure", extra={"upstream": service, "error": str(exc)})
        raise BadGateway(details={"service": service}) from None


def _caused_by_body_cap(exc: BaseException | None) -> bool:
    """Whether ``_BodyTooLarge`` is anywhere in the chain (transports wrap it)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, _BodyTooLarge):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


async def _send_kept(send: Any, kept: Kept, if_none_match: bytes | None) -> None:
    if etag_matches(if_none_match, kept.etag):
        headers = [(k, v) for k, v in kept.headers if k.lower() in (b"etag", b"cache-control")]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": kept.status, "headers": kept.headers})
    await send({"type": "http.response.body", "body": kept.body})


async def _relay_response(
    upstream: up.Response,
    method: str,
    send: Any,
    keep: Any = None,
    if_none_match: bytes | None = None,
) -> None:
    status = upstream.status
    headers = [(k, v) for k, v in upstream.headers if k.lower() not in RESPONSE_DROP]
    length = upstream.header("content-length")
    bodiless = status in (204, 304) or method == "HEAD"
    try:
        if bodiless or (length is not None and length.isdigit() and int(length) <= BUFFER_LIMIT):
            # Small bodies (most API answers) go in one piece with their length; large
            # ones (exports, evidence files) stream through with bounded memory.
            body = b"" if bodiless else await _read(upstream)
            kept = keep(status, headers, body) if keep else None
            if kept is not None:
                await _send_kept(send, kept, if_none_match)
                return
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        async for chunk in upstream.chunks():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    finally:
        await upstream.close()


async def _read(upstream: up.Response) -> bytes:
    """The whole (small) body; a failure before anything was sent is still a 504/502."""
    try:
        return await upstream.read()
    except up.TimedOut:
        raise GatewayTimeout() from None
    except up.Failed:
        raise BadGateway() from None


class OwnRoutesBodyCap:
    """``GATEWAY_MAX_BODY_BYTES`` for the routes the gateway answers itself (accounts …):
    a declared length over the cap is refused at once, a chunked body when it crosses it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = scope["app"].state.settings.max_body_bytes
        for key, value in scope["headers"]:
            if key == b"content-length" and value.isdigit() and int(value) > cap:
                await send_error(send, PayloadTooLarge(details={"max_bytes": cap}))
                return
        state = {"seen": 0, "refused": False}

        async def capped_receive() -> dict[str, Any]:
            message = await receive()
            state["seen"] += len(message.get("body", b""))
            if state["seen"] > cap and not state["refused"]:
                # Answer now and let the app see a client that went away; what it would
                # have answered is dropped.
                state["refused"] = True
                await send_error(send, PayloadTooLarge(details={"max_bytes": cap}))
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            if not state["refused"]:
                await send(message)

        await self.app(scope, capped_receive, guarded_send)
