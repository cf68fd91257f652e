"""The plan's documents as JSON (for agencies and the website) and the Committee's narrative."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response

from kit.db import SessionDep
from kit.errors import NotFound, error_responses
from tracking.deps import CommitteeMember, PlanCode
from tracking.documents import data, narrative, stale
from tracking.documents.schemas import DocumentData, NarrativeContent, NarrativeRead

router = APIRouter(tags=["documents"])
NARRATIVE = "/plans/{plan_code}/narrative"


@router.get(NARRATIVE, response_model=NarrativeRead, responses=error_responses(422))
async def get_narrative(session: SessionDep, plan_code: PlanCode, response: Response):
    """Los textos que escribe el Comité para el plan y su autoevaluación (introducción,
    contexto, foro, metodología, ajustes, conclusiones; por compromiso resultados, por qué se
    cumplió o no y qué sigue; y las cifras que reporta sin registro en la plataforma, con su
    fuente). Con ``ETag``: la versión, que hay que enviar en ``If-Match`` para guardar."""
    read = await narrative.current(session, plan_code)
    response.headers["ETag"] = narrative.etag(read.version)
    return read


@router.put(
    NARRATIVE, response_model=NarrativeRead, responses=error_responses(401, 403, 412, 422, 428)
)
async def put_narrative(
    session: SessionDep,
    actor: CommitteeMember,
    plan_code: PlanCode,
    body: NarrativeContent,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
):
    """El Comité guarda una nueva versión de los textos (completa, no por partes). Requiere
    ``If-Match`` con la ETag leída (``"0"`` si aún no hay ninguna): 428 si falta, 412 con la
    versión vigente si alguien guardó antes. Las versiones anteriores se conservan."""
    expected = narrative.expected_version(if_match)
    read = await narrative.save(session, actor, plan_code, expected, body)
    response.headers["ETag"] = narrative.etag(read.version)
    return read


@router.get(
    NARRATIVE + "/versions/{version}",
    response_model=NarrativeRead,
    responses=error_responses(404, 422),
)
async def get_narrative_version(
    session: SessionDep, plan_code: PlanCode, version: Annotated[int, Path(ge=1, le=10**9)]
):
    """Una versión anterior de los textos del Comité, tal como se guardó."""
    read = await narrative.version_of(session, plan_code, version)
    if read is None:
        raise NotFound("No existe esa versión de los textos del plan.")
    return read


@router.get(
    "/plans/{plan_code}/documents/action-plan",
    response_model=DocumentData,
    responses=error_responses(422),
)
async def get_action_plan(session: SessionDep, plan_code: PlanCode) -> dict[str, Any]:
    """Los datos del documento del plan de acción: textos del Comité, proceso y foro
    (sesiones con su minuta), participación contada de los registros, y cada compromiso con
    su hoja de ruta vigente, acciones clave y actividades. ``built_from`` dice con qué
    versión de los datos (contador de cambios del plan), de los textos y de cada hoja de
    ruta se armó. Las fases y fechas del proceso están en la consulta
    (``/api/v1/consultation/processes``) y los campos de la plantilla de OGP de cada
    compromiso en ``/api/v1/roadmaps/commitments``."""
    return await data.action_plan(session, plan_code)


@router.get(
    "/plans/{plan_code}/documents/self-assessment",
    response_model=DocumentData,
    responses=error_responses(422),
)
async def get_self_assessment(session: SessionDep, plan_code: PlanCode) -> dict[str, Any]:
    """Los datos del informe de autoevaluación de fin de periodo: totales calculados de los
    registros (compromisos por autoevaluación y por valoración del IRM, actividades
    completadas, verificadas y vencidas, reuniones, asistencia por sector y género, personas
    de los grupos de trabajo), las cifras que reporta el Comité con su fuente (aparte, nunca
    mezcladas con las calculadas) y, por compromiso, su estado, avance y textos."""
    return await data.self_assessment(session, plan_code)


@router.get("/plans/{plan_code}/stale-commitments", responses=error_responses(422))
async def get_stale_commitments(
    session: SessionDep,
    plan_code: PlanCode,
    stale_after_days: Annotated[int, Query(ge=7, le=730)] = 180,
) -> dict[str, Any]:
    """Compromisos que se ven desactualizados, para que el Comité los atienda: actividades
    vencidas (su fecha de fin pasó y no están completas, según la fecha de la Ciudad de
    México) o ninguna actualización validada en ``stale_after_days`` días (180 por omisión:
    OGP pide actualizar el repositorio al menos dos veces al año). Un compromiso inactivo
    se lista pero no cuenta como desactualizado. Se calcula en cada consulta."""
    return await stale.stale_commitments(session, plan_code, stale_after_days)
