"""The public website application."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from frontend.config import FrontendSettings, get_settings
from frontend.gateway import GatewayClient
from frontend.pages import router
from kit.app import make_http_client
from kit.logging import RequestIdMiddleware, configure_logging

STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: FrontendSettings | None = None,
    gateway_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """``gateway_transport`` replaces the network to the gateway (tests use MockTransport)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging("frontend", settings.log_level)
        timeout = httpx.Timeout(settings.request_timeout_seconds, connect=2.0)
        http = make_http_client(
            gateway_transport,
            base_url=settings.gateway_url,
            timeout=timeout,
            headers={"Accept": "application/json"},
        )
        app.state.settings = settings
        app.state.gateway = GatewayClient(http)
        try:
            yield
        finally:
            await http.aclose()

    app = FastAPI(
        title="Cocrea · Sitio público",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(
        RequestIdMiddleware, service="frontend", trust_incoming=False, access=settings.access_log
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(router)
    return app
