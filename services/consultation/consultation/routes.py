from typing import Annotated

from fastapi import APIRouter, Query

from consultation import service
from consultation.deps import CommitteeMember, Today, ValidProcess
from consultation.schemas import ProcessCreate, ProcessList, ProcessRead
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT

router = APIRouter(tags=["processes"])


@router.get("/processes", response_model=ProcessList, responses=error_responses(422))
async def list_processes(
    session: SessionDep,
    today: Today,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> ProcessList:
    """Co-creation processes, the most recent plan first, each with its phases and the
    phase open today (dates count in Mexico City time)."""
    rows, next_cursor = await service.list_processes(session, limit=limit, cursor=cursor)
    return ProcessList(items=[ProcessRead.of(r, today) for r in rows], next_cursor=next_cursor)


@router.get(
    "/processes/{process_id}", response_model=ProcessRead, responses=error_responses(404, 422)
)
async def get_process(process: ValidProcess, today: Today) -> ProcessRead:
    """One process with its dated phases, each phase's status (upcoming, open, closed) and
    the phase open today. A phase is open from its first to its last day, inclusive."""
    return ProcessRead.of(process, today)


@router.post(
    "/processes",
    status_code=201,
    response_model=ProcessRead,
    responses=error_responses(401, 403, 409, 422),
)
async def create_process(
    session: SessionDep, actor: CommitteeMember, data: ProcessCreate, today: Today
) -> ProcessRead:
    """Create the co-creation process of a plan with its phases (Coordinating Committee).

    Phases follow the methodology's order (consultation, systematization,
    cocreation_tables, roadmaps, open_feedback, publication_tracking; any may be left out),
    each ends on or after its start and starts after the previous one ends."""
    process = await service.create_process(session, actor, data)
    return ProcessRead.of(process, today)
