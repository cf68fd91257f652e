"""The public website application."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from frontend.accounts import router as accounts_router
from frontend.admin import router as admin_router
from frontend.admin_clients import router as admin_clients_router
from frontend.body_limit import BodyLimitMiddleware
from frontend.commitment_page import router as commitment_router
from frontend.committee import router as committee_router
from frontend.committee_commitment import router as committee_commitment_router
from frontend.committee_narrative import router as committee_narrative_router
from frontend.committee_plan import router as committee_plan_router
from frontend.committee_progress_comments import router as committee_progress_comments_router
from frontend.committee_stale import router as committee_stale_router
from frontend.compliance import router as compliance_router
from frontend.config import FrontendSettings, get_settings
from frontend.consultation import router as consultation_router
from frontend.curp import router as curp_router
from frontend.errors import install_error_pages
from frontend.evidence import router as evidence_router
from frontend.feedback import router as feedback_router
from frontend.gateway import GatewayClient, RevalidatingCache
from frontend.group_actions import router as group_actions_router
from frontend.i18n import compile_catalogs
from frontend.my_account import router as my_account_router
from frontend.notifications import router as notifications_router
from frontend.pages import router
from frontend.password import router as password_router
from frontend.plan_documents import router as plan_documents_router
from frontend.progress import router as progress_router
from frontend.results import router as results_router
from frontend.roadmap_editor import router as roadmap_editor_router
from frontend.roadmap_versions import router as roadmap_versions_router
from frontend.security import SiteMiddleware
from frontend.staff import router as staff_router
from frontend.tablero import router as tablero_router
from frontend.territorial import router as territorial_router
from frontend.visitor_address import VisitorAddressMiddleware, signing_hook
from kit.app import NO_OTEL, make_http_client
from kit.heap import release, settle
from kit.logging import RequestIdMiddleware, configure_logging
from kit.metrics import install_metrics

STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: FrontendSettings | None = None,
    gateway_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """``gateway_transport`` replaces the network to the gateway (tests use MockTransport)."""
    settings = settings or get_settings()
    compile_catalogs()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging("frontend", settings.log_level)
        timeout = httpx.Timeout(settings.request_timeout_seconds, connect=2.0)
        http = make_http_client(
            gateway_transport,
            base_url=settings.gateway_url,
            timeout=timeout,
            headers={"Accept": "application/json"},
            event_hooks={"request": signing_hook(settings.client_address_secret)},
        )
        app.state.settings = settings
        cache = RevalidatingCache(settings.cache_fresh_seconds, settings.cache_max_entries)
        app.state.gateway = GatewayClient(http, cache)
        settle()  # start-up's objects out of the collector's way (kit.heap)
        try:
            yield
        finally:
            release()
            await http.aclose()

    app = FastAPI(
        title="Cocrea · Sitio público",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        telemetry=NO_OTEL,
    )
    app.add_middleware(
        RequestIdMiddleware, service="frontend", trust_incoming=False, access=settings.access_log
    )
    # Inside SiteMiddleware, so even a refused body gets the language and security headers.
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(SiteMiddleware)
    app.add_middleware(VisitorAddressMiddleware, settings=settings)  # outermost: logs too
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    routers = (router, results_router, consultation_router, feedback_router, tablero_router)
    routers += (accounts_router, my_account_router, committee_router)
    # The working-group area: one group's page, its roadmap editor, its other records.
    routers += (staff_router, roadmap_editor_router, group_actions_router, progress_router)
    routers += (evidence_router, plan_documents_router)
    routers += (committee_plan_router, committee_commitment_router, committee_stale_router)
    routers += (committee_progress_comments_router, committee_narrative_router)
    # A citizen follows the work: commitments, their roadmap versions, notices, OGP minimums.
    routers += (commitment_router, roadmap_versions_router, notifications_router, compliance_router)
    # Staff and territorial work, the CURP step, the temporary password's change.
    routers += (admin_router, admin_clients_router, territorial_router)
    routers += (curp_router, password_router)
    for module_router in routers:
        app.include_router(module_router)
    install_error_pages(app)
    install_metrics(app, service="frontend", settings=settings)  # GET /metrics, kit.metrics
    return app
