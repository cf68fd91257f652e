from fastapi import APIRouter
from pydantic import BaseModel, Field

from kit.db import SessionDep
from kit.errors import error_responses
from kit.jsontypes import JsonDate
from tracking.compliance import service
from tracking.deps import CommitteeMember, PlanCode

router = APIRouter(tags=["compliance"])


class ComplianceInputs(BaseModel):
    period_starts_on: JsonDate | None = None
    period_ends_on: JsonDate | None = None
    timeline_published_on: JsonDate | None = None
    cocreation_starts_on: JsonDate | None = None
    forum_rules_url: str | None = Field(default=None, max_length=500)

    model_config = {
        # The answered share comes from the consultation itself, never typed in here.
        "extra": "forbid",
        "json_schema_extra": {
            "examples": [
                {
                    "period_starts_on": "2020-01-01",
                    "period_ends_on": "2022-08-31",
                    "timeline_published_on": "2019-05-24",
                    "cocreation_starts_on": "2019-06-24",
                }
            ]
        },
    }


class ComplianceCheck(BaseModel):
    key: str
    title_es: str
    status: str = Field(description="met, at_risk, not_met o no_data")
    evidence: dict
    computed_from: str
    computed_at: str = Field(description="Cuándo se calculó (ISO 8601).")


class ComplianceRead(BaseModel):
    plan_code: str
    as_of: str
    period: dict
    checks: list[ComplianceCheck]


@router.get(
    "/plans/{plan_code}/compliance", response_model=ComplianceRead, responses=error_responses(422)
)
async def get_compliance(session: SessionDep, plan_code: PlanCode) -> ComplianceRead:
    """Cumplimiento de los mínimos de OGP, calculado con datos: foro cada seis meses, dos
    reuniones de implementación con sociedad civil al año, repositorio actualizado dos veces
    al año, respuesta razonada a cada aportación y calendario publicado antes de la
    cocreación. Cada uno dice de qué dato se calcula (``computed_from``), con su evidencia
    (``evidence``) y cuándo se calculó (``computed_at``)."""
    return ComplianceRead.model_validate(await service.compliance(session, plan_code))


@router.put(
    "/plans/{plan_code}/compliance-inputs",
    response_model=ComplianceInputs,
    responses=error_responses(401, 403, 422),
)
async def put_compliance_inputs(
    session: SessionDep, actor: CommitteeMember, plan_code: PlanCode, body: ComplianceInputs
) -> ComplianceInputs:
    """El Comité captura las fechas que ningún evento trae todavía (periodo, calendario y
    cocreación). Las aportaciones y sus respuestas las cuenta la consulta."""
    row = await service.save_inputs(session, actor, plan_code, body.model_dump())
    return ComplianceInputs.model_validate(row, from_attributes=True)
