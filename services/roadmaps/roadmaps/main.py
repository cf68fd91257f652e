"""The roadmaps service application."""

import httpx
from fastapi import FastAPI

from kit.app import create_service_app
from roadmaps import privacy
from roadmaps.commitments.consultation import on_theme_promoted
from roadmaps.config import RoadmapsSettings, get_settings
from roadmaps.events import SUBSCRIPTIONS, THEME_PROMOTED
from roadmaps.models import kit_tables
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
        routers=[router, privacy.router],
        event_handlers={
            THEME_PROMOTED: on_theme_promoted,
            privacy.ACCOUNT_DELETED: privacy.account_deleted,
        },
        subscriptions=SUBSCRIPTIONS,
        http_transport=http_transport,
    )
