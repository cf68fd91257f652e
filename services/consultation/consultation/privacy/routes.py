"""One's own data: demographics (optional, with consent) and the full export."""

from typing import Any

from fastapi import APIRouter, Response

from consultation.privacy import service
from consultation.privacy.schemas import DemographicsRead, DemographicsUpdate
from kit.auth import CurrentPrincipal
from kit.db import SessionDep
from kit.errors import error_responses

router = APIRouter(tags=["privacy"])


@router.put(
    "/me/demographics", response_model=DemographicsRead, responses=error_responses(401, 422)
)
async def put_demographics(
    session: SessionDep, actor: CurrentPrincipal, data: DemographicsUpdate
) -> DemographicsRead:
    """Answer the optional demographics (gender, age band, sector, state) with consent.
    Kept apart from contributions and published only as aggregates of 5 or more."""
    row = await service.save_demographics(session, actor, data)
    return DemographicsRead.model_validate(row, from_attributes=True)


@router.delete("/me/demographics", status_code=204, responses=error_responses(401))
async def delete_demographics(session: SessionDep, actor: CurrentPrincipal) -> Response:
    """Withdraw consent: the demographics are erased."""
    await service.delete_demographics(session, actor)
    return Response(status_code=204)


@router.get(
    "/me/export",
    response_model=dict[str, Any],
    responses=error_responses(401),
    operation_id="exportMyConsultationData",
)
async def export_my_data(session: SessionDep, actor: CurrentPrincipal) -> dict[str, Any]:
    """Everything the consultation service holds about you, as JSON."""
    return await service.export(session, actor)
