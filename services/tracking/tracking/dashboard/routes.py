from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Query, Request, Response

from kit.conditional import conditional_json, etag_for
from kit.db import SessionDep
from kit.errors import error_responses
from reference.areas import Area
from reference.ogp import SelfAssessmentStatus
from tracking.activities.dates import today_in_mexico
from tracking.dashboard.schemas import DashboardRead
from tracking.dashboard.service import NOT_ASSESSED, Filters, plan_dashboard
from tracking.deps import PlanCode, PlanVersion

router = APIRouter(tags=["dashboard"])
# The self-assessment filter: OGP's statuses or a commitment not assessed yet.
AssessmentFilter = Literal[
    "completed", "substantial", "limited", "not_started", "inactive", "sin_evaluar"
]
assert get_args(AssessmentFilter) == (*get_args(SelfAssessmentStatus), NOT_ASSESSED)


@router.get(
    "/plans/{plan_code}/dashboard",
    response_model=DashboardRead,
    responses={304: {"description": "Sin cambios desde tu ETag."}} | error_responses(422),
)
async def get_dashboard(
    request: Request,
    session: SessionDep,
    plan_code: PlanCode,
    version: PlanVersion,
    # One of the ten areas; any other value is refused (422) before the cache sees it.
    area: Annotated[Area | None, Query(examples=["environment_climate"])] = None,
    institution: Annotated[str | None, Query(max_length=200, examples=["Semarnat"])] = None,
    status: AssessmentFilter | None = None,
) -> Response:
    """El tablero de un plan: avance general (completado y verificado, con la fórmula en
    ``/progress/formula``), conteos por estado de actividad y por autoevaluación, y el avance
    y estado de cada compromiso. Filtros: área, institución (texto) y autoevaluación.
    Un compromiso sin actividades sale como ``sin_datos`` y no entra al promedio.

    Envía ``ETag`` y ``Cache-Control``; con ``If-None-Match`` igual responde 304 sin volver a
    calcular (el ETag es el contador de cambios del plan)."""
    filters = Filters(area, institution, status)
    # The day is part of the key: a date alone makes an activity overdue.
    key = ("dashboard", plan_code, version, today_in_mexico().isoformat(), filters.key())
    state = request.app.state
    return await conditional_json(
        request,
        etag=etag_for(*key),
        # A plan with no recorded change (an unknown code) is never kept.
        cache_key=key if version else None,
        cache=state.filtered_cache if filters.free_text else state.public_cache,
        build=lambda: plan_dashboard(session, plan_code, version, filters),
        max_age=state.settings.public_max_age_seconds,
    )
