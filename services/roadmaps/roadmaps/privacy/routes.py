from typing import Any

from fastapi import APIRouter

from kit.auth import CurrentPrincipal
from kit.db import SessionDep
from kit.errors import error_responses
from roadmaps.privacy.service import export

router = APIRouter(tags=["privacy"])


@router.get(
    "/me/export",
    response_model=dict[str, Any],
    responses=error_responses(401),
    operation_id="exportMyRoadmapsData",
)
async def export_my_data(session: SessionDep, actor: CurrentPrincipal) -> dict[str, Any]:
    """Todo lo que las hojas de ruta guardan de ti: grupos de trabajo, firmas y versiones
    que escribiste."""
    return await export(session, actor)
