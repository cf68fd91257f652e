"""The tracking service application."""

import httpx
from fastapi import FastAPI

from kit.app import create_service_app
from tracking.config import TrackingSettings, get_settings
from tracking.events import HANDLERS
from tracking.models import kit_tables
from tracking.routes import router


def create_app(
    settings: TrackingSettings | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    return create_service_app(
        service="tracking",
        title="Cocrea · Seguimiento",
        description="Seguimiento público de los compromisos publicados del plan de acción.",
        settings=settings or get_settings(),
        kit_tables=kit_tables,
        routers=[router],
        event_handlers=HANDLERS,
        http_transport=http_transport,
    )
