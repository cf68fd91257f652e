"""The gateway application: the only public entry point of the API."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from gateway.accounts.mail import FileMailer
from gateway.accounts.routes import router as accounts_router
from gateway.accounts.routes import well_known_router
from gateway.cache import PublicCache
from gateway.config import GatewaySettings, get_settings
from gateway.cutoffs import AccessCutoffs
from gateway.events import HANDLERS, SUBSCRIPTIONS
from gateway.headers import OwnRoutesHeaders
from gateway.keys import load_keyring
from gateway.models import kit_tables
from gateway.openapi import router as openapi_router
from gateway.principals import guard_own_route
from gateway.proxy import OwnRoutesBodyCap, ProxyMiddleware, build_proxy_client
from gateway.routing import load_route_table
from kit.app import NO_OTEL, add_healthz, make_http_client
from kit.db import Database
from kit.errors import install_error_handlers
from kit.inbox import inbox_router
from kit.logging import RequestIdMiddleware, configure_logging
from kit.metrics import add_db_gauges, install_metrics
from kit.nul import RefuseNulBytes
from kit.outbox import EventRoutes, OutboxRelay
from kit.ratelimit import RateLimiter


def create_app(
    settings: GatewaySettings | None = None,
    service_transport: httpx.AsyncBaseTransport | None = None,
    events_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """``service_transport`` replaces the network to the services (tests use MockTransport);
    ``events_transport`` the one the outbox relay delivers events over."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging("gateway", settings.log_level)
        keyring = load_keyring(settings)
        app.state.settings = settings
        routes = EventRoutes(settings.event_destinations, SUBSCRIPTIONS)
        db = Database.from_settings(settings, info={"kit": kit_tables, "event_routes": routes})
        app.state.db = db
        app.state.mailer = FileMailer(settings.mail_dir)
        app.state.mailer.attach(db)
        events_http = make_http_client(events_transport)
        app.state.relay = OutboxRelay(
            db,
            source="gateway",
            secret=settings.internal_secret,
            http=events_http,
            poll_interval=settings.relay_poll_seconds,
        )
        add_db_gauges(app.state.metrics, db, (), app.state.relay)
        app.state.keyring = keyring
        app.state.verifier = keyring.verifier()
        app.state.principal_guard = guard_own_route  # cutoffs and is_active on own routes
        app.state.limiter = RateLimiter(settings.redis_url)
        app.state.route_table = load_route_table()
        app.state.proxy = build_proxy_client(settings, service_transport)
        app.state.public_cache = PublicCache(settings.public_cache_seconds)
        cutoffs = AccessCutoffs(
            settings.access_token_ttl_seconds, settings.access_cutoff_poll_seconds
        )
        app.state.access_cutoffs = cutoffs
        db.after_commit_hooks.append(cutoffs.after_commit)
        await cutoffs.refresh(db)
        cutoffs.start(db)
        if settings.relay_enabled:
            app.state.relay.start()
        try:
            yield
        finally:
            await cutoffs.stop()
            await app.state.relay.stop()
            await events_http.aclose()
            await app.state.proxy.aclose()
            await app.state.db.dispose()

    app = FastAPI(
        title="Cocrea · Gateway",
        description="Cuentas, tokens y acceso a los servicios de Cocrea.",
        version="1.0.0",
        lifespan=lifespan,
        openapi_url="/api/v1/auth/openapi.json",
        docs_url=None,
        redoc_url=None,
        telemetry=NO_OTEL,
        redirect_slashes=False,
    )
    install_error_handlers(app)
    app.add_middleware(RefuseNulBytes)  # own routes; the services refuse proxied ones
    app.add_middleware(OwnRoutesBodyCap)  # register, login …: the cap proxied routes have
    app.add_middleware(ProxyMiddleware)  # inside the metrics and request-id middlewares
    app.add_middleware(OwnRoutesHeaders)  # no-store on own answers, HSTS over https
    install_metrics(app, service="gateway", settings=settings)
    app.add_middleware(
        RequestIdMiddleware, service="gateway", trust_incoming=False, access=settings.access_log
    )

    add_healthz(app, "gateway")
    app.include_router(accounts_router)
    app.include_router(well_known_router)
    app.include_router(openapi_router)
    app.include_router(inbox_router(HANDLERS))
    return app
