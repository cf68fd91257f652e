"""The gateway application: the only public entry point of the API."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from gateway.accounts import passwords
from gateway.accounts.routes import router as accounts_router
from gateway.accounts.routes import well_known_router
from gateway.cache import PublicCache
from gateway.client_address import ClientAddressMiddleware
from gateway.config import GatewaySettings, get_settings
from gateway.cutoffs import AccessCutoffs
from gateway.events import SUBSCRIPTIONS, handlers
from gateway.headers import OwnRoutesHeaders
from gateway.keys import load_keyring
from gateway.mail.channel import MailChannel
from gateway.mail.messages import MAIL_CHANNEL
from gateway.mail.transports import MailTransport, build_transport
from gateway.models import kit_tables
from gateway.open_data import router as open_data_router
from gateway.openapi import router as openapi_router
from gateway.principals import guard_own_route
from gateway.proxy import OwnRoutesBodyCap, ProxyMiddleware, build_proxy_client
from gateway.routing import load_route_table
from kit.app import NO_OTEL, add_healthz, make_http_client, operation_id
from kit.db import Database
from kit.errors import install_error_handlers
from kit.heap import release, settle
from kit.inbox import inbox_router
from kit.logging import RequestIdMiddleware, configure_logging
from kit.metrics import add_db_gauges, install_metrics
from kit.nul import RefuseNulBytes
from kit.outbox import EventRoutes, OutboxRelay
from kit.ratelimit import RateLimiter


def _mail_relay(
    db: Database, settings: GatewaySettings, transport: MailTransport, http: httpx.AsyncClient
) -> OutboxRelay:
    """The relay of the ``mail:`` channel: its own, so a slow SMTP server never holds up
    events, with the attempts and backoff of the mail settings."""
    channel = MailChannel(
        transport, sender=settings.mail_from, max_attempts=settings.mail_max_attempts
    )
    return OutboxRelay(
        db,
        source="gateway",
        signer=settings.event_signer(),
        http=http,
        poll_interval=settings.relay_poll_seconds,
        timeout=settings.smtp_timeout,
        # A claimed batch is sent one by one, each within the SMTP timeout: the lease
        # outlasts the whole batch, so another replica never re-sends a message under way.
        batch_size=10,
        lease_seconds=settings.smtp_timeout * 11,
        channels={MAIL_CHANNEL: channel},
        only=f"{MAIL_CHANNEL}:",
        backoff_cap=settings.mail_retry_cap_seconds,
    )


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
        events_http = make_http_client(events_transport)
        app.state.relay = OutboxRelay(
            db,
            source="gateway",
            signer=settings.event_signer(),
            http=events_http,
            poll_interval=settings.relay_poll_seconds,
            exclude=(f"{MAIL_CHANNEL}:",),
        )
        app.state.mail_transport = build_transport(settings)
        app.state.mail_relay = _mail_relay(db, settings, app.state.mail_transport, events_http)
        add_db_gauges(app.state.metrics, db, (), app.state.relay)
        app.state.keyring = keyring
        app.state.verifier = keyring.verifier()
        app.state.principal_guard = guard_own_route  # cutoffs and is_active on own routes
        app.state.limiter = RateLimiter(settings.redis_url)
        passwords.bound_concurrency(settings.password_hash_concurrency)
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
        if settings.mail_relay_enabled:
            app.state.mail_relay.start()
        settle()  # start-up's objects out of the collector's way (kit.heap)
        try:
            yield
        finally:
            release()
            await cutoffs.stop()
            await app.state.relay.stop()
            await app.state.mail_relay.stop()
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
        generate_unique_id_function=operation_id,
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
    app.add_middleware(ClientAddressMiddleware, settings=settings)  # outermost: logs too

    add_healthz(app, "gateway")
    app.include_router(accounts_router)
    app.include_router(well_known_router)
    app.include_router(openapi_router)
    app.include_router(open_data_router)
    app.include_router(inbox_router(handlers(settings.website_base_url())))
    return app
