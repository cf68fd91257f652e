"""The roadmaps service application."""

import httpx
from fastapi import FastAPI

from kit.app import create_service_app
from roadmaps.commitments.routes import router as commitments_router
from roadmaps.config import RoadmapsSettings, get_settings
from roadmaps.db import import_models, kit_tables
from roadmaps.events import HANDLERS, SUBSCRIPTIONS
from roadmaps.groups.routes import router as groups_router
from roadmaps.meetings.routes import router as meetings_router
from roadmaps.open_data.routes import router as open_data_router
from roadmaps.privacy.routes import router as privacy_router
from roadmaps.roadmap.routes import router as roadmap_router
from roadmaps.roadmap.workflow_routes import router as workflow_router


def create_app(
    settings: RoadmapsSettings | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    import_models()
    return create_service_app(
        service="roadmaps",
        title="Cocrea · Hojas de ruta",
        description=(
            "Compromisos, grupos de trabajo, hojas de ruta (con versiones, sesiones de "
            "revisión, firmas y enmiendas) y reuniones de los grupos del plan de acción."
        ),
        settings=settings or get_settings(),
        kit_tables=kit_tables,
        routers=[
            commitments_router,
            groups_router,
            roadmap_router,
            workflow_router,
            meetings_router,
            privacy_router,
            open_data_router,
        ],
        event_handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        http_transport=http_transport,
    )
