"""The tracking service application."""

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from kit.app import create_service_app
from kit.conditional import JsonCache, LruMap
from kit.metrics import DbGauge
from tracking.assessments.routes import router as assessments_router
from tracking.commitments.routes import router as commitments_router
from tracking.commitments.versions import VersionMemo
from tracking.compliance.routes import router as compliance_router
from tracking.config import TrackingSettings, get_settings
from tracking.dashboard.routes import router as dashboard_router
from tracking.db import import_models, kit_tables
from tracking.documents.routes import router as documents_router
from tracking.events import HANDLERS, SUBSCRIPTIONS
from tracking.notifications.routes import router as notifications_router
from tracking.open_data.routes import router as open_data_router
from tracking.privacy.routes import router as privacy_router
from tracking.progress.routes import router as progress_router
from tracking.updates.models import ProgressUpdate
from tracking.updates.routes import router as updates_router
from tracking.updates.storage import build_store
from tracking.webhooks.delivery import webhook_poster
from tracking.webhooks.routes import router as webhooks_router
from tracking.webhooks.service import secret_resolver

DESCRIPTION = """Seguimiento público de los compromisos publicados del plan de acción.

**Avance** (fórmula pública en `GET /progress/formula`): por compromiso,
Σ peso de la acción clave × (actividades «completo» o «verificado» ÷ actividades) ÷ Σ pesos
× 100; el avance verificado cuenta solo «verificado». Un compromiso sin actividades sale
«sin datos» (null, nunca 0 %) y no entra al promedio del plan, que es el promedio simple de
los compromisos con datos. Solo las actualizaciones validadas por la sociedad civil del grupo
de trabajo y por el Comité Coordinador cambian el estado de una actividad.
"""
# Commitment id -> plan code (a commitment never changes plan): a few bytes per commitment.
COMMITMENT_PLANS_KEPT = 100_000
PENDING_VALIDATION = DbGauge(
    "cocrea_tracking_updates_pending_validation",
    "Progress updates waiting for the working group's and the Committee's validation.",
    select(func.count()).select_from(ProgressUpdate).where(ProgressUpdate.state == "pending"),
)


def create_app(
    settings: TrackingSettings | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    import_models()

    async def _setup(app: FastAPI) -> None:
        app.state.public_cache = JsonCache(settings.dashboard_cache_entries)
        # Dashboards filtered by free text (area, institution) live apart, so a flood of
        # made-up filters can only evict each other, never the plain dashboards.
        app.state.filtered_cache = JsonCache(settings.filtered_cache_entries)
        app.state.evidence_store = build_store(settings)
        app.state.plan_versions = VersionMemo(settings.version_ttl_seconds)
        app.state.commitment_plans = LruMap(COMMITMENT_PLANS_KEPT)
        app.state.db.after_commit_hooks.append(app.state.plan_versions.after_commit)
        app.state.relay.destination_secret = secret_resolver(app.state.db, settings.internal_secret)
        app.state.relay.destination_post = webhook_poster(
            allow_private=settings.webhooks_may_target_private, transport=http_transport
        )

    return create_service_app(
        service="tracking",
        title="Cocrea · Seguimiento",
        description=DESCRIPTION,
        settings=settings,
        kit_tables=kit_tables,
        routers=[
            commitments_router,
            dashboard_router,
            progress_router,
            updates_router,
            assessments_router,
            notifications_router,
            webhooks_router,
            compliance_router,
            open_data_router,
            documents_router,
            privacy_router,
        ],
        event_handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        http_transport=http_transport,
        on_startup=[_setup],
        metrics_gauges=[PENDING_VALIDATION],
    )
