"""The consultation service application."""

import httpx
from fastapi import FastAPI

from consultation.config import ConsultationSettings, get_settings
from consultation.events import SUBSCRIPTIONS
from consultation.models import kit_tables
from consultation.routes import router
from kit.app import create_service_app


def create_app(
    settings: ConsultationSettings | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    return create_service_app(
        service="consultation",
        title="Cocrea · Consulta",
        description="Procesos de cocreación, sus fases con fechas y la consulta ciudadana.",
        settings=settings or get_settings(),
        kit_tables=kit_tables,
        routers=[router],
        subscriptions=SUBSCRIPTIONS,
        http_transport=http_transport,
    )
