"""The consultation service application."""

import httpx
from fastapi import FastAPI

from consultation.commitment_comments.routes import router as commitment_comments_router
from consultation.config import ConsultationSettings, get_settings
from consultation.db import import_models, kit_tables
from consultation.events import HANDLERS, SUBSCRIPTIONS
from consultation.feedback.routes import router as feedback_router
from consultation.moderation.routes import router as moderation_router
from consultation.open_data.routes import router as open_data_router
from consultation.privacy.routes import router as privacy_router
from consultation.processes.phases import mexico_city_today
from consultation.processes.routes import router as processes_router
from consultation.responses.routes import router as responses_router
from consultation.statistics.routes import router as statistics_router
from consultation.systematization.routes import router as systematization_router
from consultation.territorial.routes import router as territorial_router
from consultation.topics.routes import router as topics_router
from consultation.votes.hot_path import VoteHotPath
from consultation.votes.routes import router as votes_router
from kit.app import create_service_app
from kit.metrics import RouteCounter

ROUTERS = [
    processes_router,
    topics_router,
    votes_router,
    territorial_router,
    moderation_router,
    systematization_router,
    responses_router,
    feedback_router,
    commitment_comments_router,
    statistics_router,
    privacy_router,
    open_data_router,
]
VOTES_CAST = RouteCounter(
    "cocrea_consultation_votes_cast", "Votes cast online.", "POST", "/topics/{topic_id}/votes"
)


def create_app(
    settings: ConsultationSettings | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    import_models()
    app = create_service_app(
        service="consultation",
        title="Cocrea · Consulta",
        description=(
            "Procesos de cocreación y sus fases; temas ciudadanos y sus votos; captura "
            "territorial; sistematización; respuestas razonadas; retroalimentación abierta "
            "del borrador del plan; estadísticas de participación."
        ),
        settings=settings or get_settings(),
        kit_tables=kit_tables,
        routers=ROUTERS,
        event_handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        http_transport=http_transport,
        metrics_counters=[VOTES_CAST],
        hot_paths=[VoteHotPath],
    )
    app.state.clock = mexico_city_today  # the day phases open and close on
    return app
