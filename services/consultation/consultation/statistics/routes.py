"""Participation statistics of a process, as JSON or CSV."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from consultation.deps import ValidProcess
from consultation.statistics import service
from consultation.statistics.cache import StatisticsCache
from kit.db import SessionDep
from kit.errors import error_responses

router = APIRouter(tags=["statistics"])


def statistics_cache(request: Request) -> StatisticsCache:
    state = request.app.state
    if getattr(state, "statistics_cache", None) is None:
        state.statistics_cache = StatisticsCache(state.settings.statistics_cache_seconds)
    return state.statistics_cache


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
    `populations` says which tables add up to which total. Computed at most once every
    few seconds per process (`generated_at` says when)."""
    settings = request.app.state.settings
    min_cell = settings.min_published_cell
    stats = await statistics_cache(request).get(
        (process.id, min_cell), lambda: service.compute(session, process.id, min_cell)
    )
    max_age = {"Cache-Control": f"public, max-age={int(settings.statistics_cache_seconds)}"}
    if format == "csv":
        filename = f"estadisticas-{process.plan_code}.csv"
        return Response(
            service.to_csv(stats),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'} | max_age,
        )
    return JSONResponse(stats, headers=max_age)
