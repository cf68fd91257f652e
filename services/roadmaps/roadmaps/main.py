"""The roadmaps service application."""

import httpx
from fastapi import FastAPI

from kit.app import create_service_app
from roadmaps.config import RoadmapsSettings, get_settings
from roadmaps.events import SUBSCRIPTIONS
from roadmaps.models import kit_tables
from roadmaps.routes import router


def create_app(
    settings: RoadmapsSettings | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    return create_service_app(
        service="roadmaps",
        title="Cocrea · Hojas de ruta",
        description="Compromisos, grupos de trabajo y hojas de ruta del plan de acción.",
        settings=settings or get_settings(),
        kit_tables=kit_tables,
        routers=[router],
        subscriptions=SUBSCRIPTIONS,
        http_transport=http_transport,
    )
