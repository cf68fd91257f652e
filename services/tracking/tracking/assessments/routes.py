from fastapi import APIRouter

from kit.db import SessionDep
from kit.errors import error_responses
from tracking.assessments import service
from tracking.assessments.schemas import (
    IrmAssessmentRead,
    IrmAssessmentWrite,
    SelfAssessmentRead,
    SelfAssessmentWrite,
)
from tracking.deps import CommitteeMember, ValidCommitment

router = APIRouter(tags=["assessments"])


@router.put(
    "/commitments/{commitment_id}/self-assessment",
    response_model=SelfAssessmentRead,
    responses=error_responses(401, 403, 404, 422),
)
async def set_self_assessment(
    session: SessionDep,
    actor: CommitteeMember,
    commitment: ValidCommitment,
    body: SelfAssessmentWrite,
) -> SelfAssessmentRead:
    """El Comité Coordinador fija la autoevaluación: ``completed``, ``substantial``,
    ``limited``, ``not_started`` o ``inactive``. Inactivo exige motivo y fecha (p. ej. las
    OSC dejaron el grupo de trabajo); el compromiso sigue visible y deja de recibir
    actualizaciones (409 ``commitment_inactive``)."""
    row = await service.set_self_assessment(
        session, actor, commitment.plan_code, commitment.number, body
    )
    return SelfAssessmentRead.model_validate(row, from_attributes=True)


@router.post(
    "/commitments/{commitment_id}/irm-assessments",
    status_code=201,
    response_model=IrmAssessmentRead,
    responses=error_responses(401, 403, 404, 422),
)
async def record_irm_assessment(
    session: SessionDep,
    actor: CommitteeMember,
    commitment: ValidCommitment,
    body: IrmAssessmentWrite,
) -> IrmAssessmentRead:
    """Registrar una valoración fechada del IRM (informe de diseño o de resultados) con sus
    escalas: verificable, relevancia a los valores de OGP, impacto potencial (diseño);
    cumplimiento y ¿abrió el gobierno? (resultados). La última de cada tipo se muestra junto
    a la autoevaluación."""
    row = await service.record_irm(session, actor, commitment.plan_code, commitment.number, body)
    return IrmAssessmentRead.model_validate(row, from_attributes=True)


@router.get(
    "/commitments/{commitment_id}/irm-assessments",
    response_model=list[IrmAssessmentRead],
    responses=error_responses(404, 422),
)
async def list_irm_assessments(
    session: SessionDep, commitment: ValidCommitment
) -> list[IrmAssessmentRead]:
    """Todas las valoraciones del IRM de un compromiso, por tipo de informe y fecha."""
    rows = await service.irm_assessments(session, commitment.plan_code, commitment.number)
    return [IrmAssessmentRead.model_validate(r, from_attributes=True) for r in rows]
