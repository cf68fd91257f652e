from typing import Annotated

from fastapi import APIRouter, Path, Query

from consultation.deps import ProcessWriter, Today, ValidProcess
from consultation.processes import service
from consultation.processes.phases import PHASE_KEYS
from consultation.processes.schemas import (
    PhaseChange,
    PhaseChangeRead,
    ProcessCreate,
    ProcessList,
    ProcessRead,
)
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
    session: SessionDep, actor: ProcessWriter, data: ProcessCreate, today: Today
) -> ProcessRead:
    """Create the co-creation process of a plan with its phases (Coordinating Committee).

    Phases follow the methodology's order (consultation, systematization,
    cocreation_tables, roadmaps, open_feedback, publication_tracking; any may be left out),
    each ends on or after its start and starts after the previous one ends."""
    process = await service.create_process(session, actor, data)
    return ProcessRead.of(process, today)


@router.put(
    "/processes/{process_id}/phases/{phase_key}",
    response_model=ProcessRead,
    responses=error_responses(401, 403, 404, 422),
)
async def change_phase(
    session: SessionDep,
    actor: ProcessWriter,
    process: ValidProcess,
    phase_key: Annotated[str, Path(max_length=40, json_schema_extra={"enum": list(PHASE_KEYS)})],
    data: PhaseChange,
    today: Today,
) -> ProcessRead:
    """Extend or move a phase (Coordinating Committee). The reason is mandatory and public:
    it is recorded with the old and new dates (see ``/processes/{id}/phase-changes``)."""
    changed = await service.change_phase(session, actor, process, phase_key, data)
    return ProcessRead.of(changed, today)


@router.get(
    "/processes/{process_id}/phase-changes",
    response_model=list[PhaseChangeRead],
    responses=error_responses(404),
)
async def list_phase_changes(session: SessionDep, process: ValidProcess) -> list[PhaseChangeRead]:
    """Every change of a phase's dates, with its reason, oldest first."""
    return await service.phase_changes(session, process)
