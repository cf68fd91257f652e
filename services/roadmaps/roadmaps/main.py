"""The roadmaps service application."""

import httpx
from fastapi import FastAPI

from kit.app import create_service_app
from kit.conditional import JsonCache
from kit.freshness import DataVersions
from roadmaps.commitments.models import Commitment
from roadmaps.commitments.routes import router as commitments_router
from roadmaps.config import RoadmapsSettings, get_settings
from roadmaps.db import COMMITMENTS, ROADMAPS, data_version, import_models, kit_tables
from roadmaps.events import HANDLERS, SUBSCRIPTIONS
from roadmaps.groups.models import WorkingGroup, WorkingGroupMember
from roadmaps.groups.routes import router as groups_router
from roadmaps.meetings.routes import router as meetings_router
from roadmaps.open_data.routes import router as open_data_router
from roadmaps.privacy.routes import router as privacy_router
from roadmaps.roadmap.models import (
    ReviewSession,
    Roadmap,
    RoadmapPublication,
    RoadmapSignOff,
    RoadmapVersion,
)
from roadmaps.roadmap.routes import router as roadmap_router
from roadmaps.roadmap.workflow_routes import router as workflow_router

# Every table a cached read loads (tests/roadmaps/test_read_freshness.py checks it): a write
# to any of them, by any path, makes a new version of the scope.
SCOPES = {
    COMMITMENTS: [Commitment],
    ROADMAPS: [
        Commitment,
        WorkingGroup,
        WorkingGroupMember,
        Roadmap,
        RoadmapVersion,
        RoadmapPublication,
        RoadmapSignOff,
        ReviewSession,
    ],
}


def create_app(
    settings: RoadmapsSettings | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    import_models()

    async def _setup(app: FastAPI) -> None:
        app.state.data_versions = DataVersions(data_version, SCOPES, settings.version_ttl_seconds)
        app.state.data_versions.install(app.state.db)
        app.state.public_cache = JsonCache(settings.public_cache_entries)

    return create_service_app(
        service="roadmaps",
        title="Cocrea · Hojas de ruta",
        description=(
            "Compromisos, grupos de trabajo, hojas de ruta (con versiones, sesiones de "
            "revisión, firmas y enmiendas) y reuniones de los grupos del plan de acción."
        ),
        settings=settings,
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
        on_startup=[_setup],
    )
