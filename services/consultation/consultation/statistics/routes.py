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

    Tables that count people: `participants_by_*` (distinct people, one per paper
    questionnaire) and `votes_by_*` (each vote is one person's), with the totals
    `participants` and `votes`. A cell under 5 people is published as null with
    `suppressed: true`, and so are as many other cells of its table ("Sin dato" and the
    smallest first) as it takes for no suppressed cell to be derivable as under 5 from
    the total; when the total itself is under 5, the whole population is withheld.
    `topics_by_*` count topics, which are public one by one, and are never suppressed.
    `populations` says which tables add up to which total."""
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
