"""Participation statistics of a process, as JSON or CSV."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from consultation.deps import ValidProcess
from consultation.statistics import service
from kit.db import SessionDep
from kit.errors import error_responses

router = APIRouter(tags=["statistics"])


@router.get(
    "/processes/{process_id}/statistics",
    response_model=dict[str, Any],
    responses={
        **error_responses(404, 422),
        200: {
            "content": {
                "application/json": {},
                "text/csv": {"example": "table,key,label,count,suppressed\n"},
            }
        },
    },
)
async def statistics(
    session: SessionDep,
    request: Request,
    process: ValidProcess,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """Participants, topics and votes by area, state, channel, gender, age band and sector.
    Any count under 5 is published as null with `suppressed: true`."""
    min_cell = request.app.state.settings.min_published_cell
    stats = await service.compute(session, process.id, min_cell)
    if format == "csv":
        filename = f"estadisticas-{process.plan_code}.csv"
        return Response(
            service.to_csv(stats),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return stats
