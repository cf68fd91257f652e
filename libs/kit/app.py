"""``create_service_app``: the wiring every service shares.

Lifespan (database, pooled HTTP client, token verifier, outbox relay), the error handlers,
the request-id/access-log middleware, ``/healthz`` and the internal event endpoint.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from httpx_aiohttp import AiohttpTransport
from sqlalchemy import text

from kit.body_etag import BodyETagMiddleware
from kit.db import Database
from kit.errors import install_error_handlers
from kit.gateway_credential import GatewayCredentialMiddleware
from kit.heap import release, settle
from kit.inbox import Handler, inbox_router
from kit.logging import RequestIdMiddleware, configure_logging
from kit.metrics import DbGauge, RouteCounter, add_db_gauges, install_metrics
from kit.nul import RefuseNulBytes
from kit.outbox import EventRoutes, OutboxRelay
from kit.settings import ServiceSettings
from kit.tables import KitTables
from kit.tokens import TokenVerifier

StartupHook = Callable[[FastAPI], Awaitable[None]]


def operation_id(route: APIRoute) -> str:
    """A route's OpenAPI operation id: its function's name in camelCase (``cast_vote`` is
    ``castVote``), stable and free of the service-internal path. Routes whose function
    name another service also uses set ``operation_id=`` themselves, so the ids stay
    unique in the gateway's merged document (tests/gateway/test_openapi.py)."""
    first, *rest = route.name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


# FastAPI's own OpenTelemetry (0.142+) is on by default and asks the global providers, which
# read the environment, on every request. Cocrea's telemetry is Prometheus (kit.metrics) and
# JSON logs (kit.logging); every app passes this so no request pays for a second system.
NO_OTEL: dict[str, Any] = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


def make_http_client(
    transport: httpx.AsyncBaseTransport | None = None, **kw: Any
) -> httpx.AsyncClient:
    """A pooled client on the aiohttp transport (see docs/PERFORMANCE.md for why)."""
    kw.setdefault("timeout", httpx.Timeout(10.0, connect=3.0))
    return httpx.AsyncClient(transport=transport or AiohttpTransport(), **kw)


def add_healthz(app: FastAPI, service: str) -> None:
    """``GET /healthz``: liveness and database reachability (launcher, containers, k8s)."""

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        try:
            async with app.state.db.transaction(read_only=True) as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            return JSONResponse({"status": "unavailable", "service": service}, status_code=503)
        return JSONResponse({"status": "ok", "service": service})


def create_service_app(
    *,
    service: str,
    title: str,
    description: str,
    settings: ServiceSettings,
    kit_tables: KitTables,
    routers: Sequence[APIRouter],
    event_handlers: Mapping[str, Handler] | None = None,
    subscriptions: Mapping[str, tuple[str, ...]] | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
    on_startup: Sequence[StartupHook] = (),
    version: str = "1.0.0",
    metrics_counters: Sequence[RouteCounter] = (),
    metrics_gauges: Sequence[DbGauge] = (),
    hot_paths: Sequence[type] = (),
) -> FastAPI:
    """``hot_paths``: plain ASGI middlewares that answer a few very frequent requests without
    the framework's routing (inside metrics and request ids, so those still see them)."""
    routes = EventRoutes(settings.event_destinations, subscriptions or {})

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(service, settings.log_level)
        db = Database.from_settings(settings, info={"kit": kit_tables, "event_routes": routes})
        http = make_http_client(http_transport)
        relay = OutboxRelay(
            db,
            source=service,
            signer=settings.event_signer(),
            http=http,
            poll_interval=settings.relay_poll_seconds,
        )
        app.state.settings = settings
        app.state.db = db
        app.state.http = http
        app.state.verifier = TokenVerifier.from_settings(settings, http)
        app.state.relay = relay
        add_db_gauges(app.state.metrics, db, metrics_gauges, relay)
        for hook in on_startup:
            await hook(app)
        if settings.relay_enabled:
            relay.start()
        settle()  # start-up's objects out of the collector's way (kit.heap)
        try:
            yield
        finally:
            release()
            await relay.stop()
            await http.aclose()
            await db.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        telemetry=NO_OTEL,
        redirect_slashes=False,  # a redirect would name the service's own address
        generate_unique_id_function=operation_id,
    )
    install_error_handlers(app)
    app.add_middleware(BodyETagMiddleware)  # innermost: sees the route's own answer
    for hot_path in hot_paths:
        app.add_middleware(hot_path)
    # Outside the hot paths, inside metrics and request ids: only the gateway is answered.
    app.add_middleware(GatewayCredentialMiddleware, secret=settings.gateway_secret)
    app.add_middleware(RefuseNulBytes)  # around the hot paths too
    install_metrics(app, service=service, settings=settings, counters=metrics_counters)
    app.add_middleware(
        RequestIdMiddleware, service=service, trust_incoming=True, access=settings.access_log
    )

    add_healthz(app, service)

    for router in routers:
        app.include_router(router)
    app.include_router(inbox_router(event_handlers or {}))
    return app
