"""One's own data in tracking."""

from typing import Any

from fastapi import APIRouter

from kit.auth import CurrentPrincipal
from kit.db import SessionDep
from kit.errors import error_responses
from tracking.privacy import service

router = APIRouter(tags=["privacy"])


@router.get(
    "/me/export",
    response_model=dict[str, Any],
    responses=error_responses(401),
    operation_id="exportMyTrackingData",
)
async def export_my_data(session: SessionDep, actor: CurrentPrincipal) -> dict[str, Any]:
    """Todo lo que el seguimiento guarda de ti: compromisos que sigues, notificaciones,
    grupos de trabajo y avances que reportaste."""
    return await service.export(session, actor)
