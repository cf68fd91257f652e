"""The roadmaps service application."""

import httpx
from fastapi import FastAPI

from kit.app import create_service_app
from roadmaps.config import RoadmapsSettings, get_settings
from roadmaps.events import HANDLERS, SUBSCRIPTIONS
from roadmaps.models import kit_tables
from roadmaps.privacy.routes import router as privacy_router
from roadmaps.routes import router


def create_app(
    settings: RoadmapsSettings | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    return create_service_app(
        service="roadmaps",
        title="Cocrea · Hojas de ruta",
        description=(
            "Compromisos, grupos de trabajo, hojas de ruta (con versiones, sesiones de "
            "revisión, firmas y enmiendas) y reuniones de los grupos del plan de acción."
        ),
        settings=settings or get_settings(),
        kit_tables=kit_tables,
        routers=[router, privacy_router],
        event_handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        http_transport=http_transport,
    )
