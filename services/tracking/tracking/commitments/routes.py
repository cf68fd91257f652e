from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from kit.conditional import conditional_json, etag_for
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT
from tracking.activities.dates import today_in_mexico
from tracking.commitments import service
from tracking.commitments.schemas import CommitmentDetail, CommitmentList, CommitmentRead
from tracking.dashboard.detail import commitment_detail
from tracking.deps import PlanCode, ValidCommitment

router = APIRouter(tags=["commitments"])

CACHED = {"headers": {"ETag": {"schema": {"type": "string"}}}}


@router.get(
    "/plans/{plan_code}/commitments",
    response_model=CommitmentList,
    responses=error_responses(422),
)
async def list_plan_commitments(
    session: SessionDep,
    plan_code: PlanCode,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> CommitmentList:
    """The published commitments of a plan, in number order (empty for an unknown plan)."""
    rows, next_cursor = await service.list_plan_commitments(
        session, plan_code, limit=limit, cursor=cursor
    )
    return CommitmentList(items=[CommitmentRead.of(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/commitments/{commitment_id}",
    response_model=CommitmentDetail,
    responses={200: CACHED, 304: {"description": "Sin cambios desde tu ETag."}}
    | error_responses(404, 422),
    operation_id="getTrackedCommitment",
)
async def get_commitment(
    request: Request,
    session: SessionDep,
    commitment_id: Annotated[str, Path(max_length=64)],
) -> Response:
    """Un compromiso en el tablero: instituciones y OSC responsables, hoja de ruta vigente
    (con sus versiones anteriores), acciones clave con peso, actividades y su estado, avance,
    línea de tiempo de actualizaciones validadas con evidencias, autoevaluación (y motivo si
    está inactivo), valoraciones del IRM e indicadores. Responde 304 con ``If-None-Match``."""
    state = request.app.state
    # A commitment never changes plan (nor is it removed), so its plan is remembered and a
    # cached answer costs no lookup of the row; an unknown id is looked up, 404.
    commitment = None
    plan_code = state.commitment_plans.get(commitment_id)
    if plan_code is None:
        commitment = await service.get_commitment(session, commitment_id)
        plan_code = commitment.plan_code
        state.commitment_plans.put(commitment_id, plan_code)
    version = await state.plan_versions.get(session, plan_code)
    # The day is part of the key: a date alone makes an activity overdue.
    key = ("commitment", commitment_id, version, today_in_mexico().isoformat())

    async def build() -> dict:
        found = commitment or await service.get_commitment(session, commitment_id)
        return await commitment_detail(session, found)

    return await conditional_json(
        request,
        etag=etag_for(*key),
        cache_key=key,
        build=build,
        cache=state.public_cache,
        max_age=state.settings.public_max_age_seconds,
    )


@router.get(
    "/commitments/{commitment_id}/roadmap/versions/{version}",
    responses=error_responses(404, 422),
)
async def get_roadmap_version(
    session: SessionDep,
    commitment: ValidCommitment,
    version: Annotated[int, Path(ge=1)],
) -> dict:
    """Una versión de la hoja de ruta tal como se publicó (las anteriores siguen públicas)."""
    return await service.roadmap_version(session, commitment.commitment_id, version)
