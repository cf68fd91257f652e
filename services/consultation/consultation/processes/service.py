"""Business rules of the consultation service; knows nothing of HTTP."""

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.processes.errors import (
    InvalidStateCode,
    PhaseEndsBeforeStart,
    PhaseOutOfOrder,
    PhasesOverlap,
    ProcessAlreadyExists,
    ProcessNotFound,
    UnknownPhase,
)
from consultation.processes.models import Phase, Process
from consultation.processes.phases import DEFAULT_NAMES, PHASE_KEYS
from consultation.processes.schemas import PhaseChange, PhaseChangeRead, PhaseCreate, ProcessCreate
from contracts import consultation as contract
from kit import audit
from kit.outbox import emit
from kit.pagination import Keyset
from kit.tokens import Principal
from reference.states import STATE_CODES


def process_payload(process: Process) -> contract.ProcessCreated:
    """``consultation.process.created.v1``, published when a process is created."""
    return contract.ProcessCreated(
        process_id=process.id,
        plan_code=process.plan_code,
        title=process.title,
        level=process.level,
        state_code=process.state_code,
        phases=[
            contract.Phase(
                key=phase.key,
                order=phase.order,
                name_es=phase.name_es,
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
            )
            for phase in process.phases
        ],
    )


# The most recent plan first (by the first day of its process).
PROCESSES_ORDER = Keyset(Process.starts_on, Process.id)


async def list_processes(
    session: AsyncSession, *, limit: int, cursor: str | None
) -> tuple[list[Process], str | None]:
    """The most recent plan first (by the first day of its process)."""
    query = PROCESSES_ORDER.apply(select(Process), cursor=cursor, limit=limit)
    return PROCESSES_ORDER.page(list(await session.exec(query)), limit)


async def get_process(session: AsyncSession, process_id: str) -> Process:
    process = await session.get(Process, process_id)
    if process is None:
        raise ProcessNotFound()
    return process


async def find_process(session: AsyncSession, plan_code: str) -> Process | None:
    result = await session.exec(select(Process).where(Process.plan_code == plan_code))
    return result.first()


def check_state_code(level: str, state_code: str | None) -> None:
    valid = state_code in STATE_CODES if level == "state" else state_code is None
    if not valid:
        raise InvalidStateCode(details={"field": "state_code", "value": state_code})


def check_phases(phases: list[PhaseCreate]) -> None:
    """Known keys, in the methodology's order, each ending after it starts, no overlaps."""
    previous: PhaseCreate | None = None
    for position, phase in enumerate(phases):
        field = f"phases.{position}"
        if phase.key not in PHASE_KEYS:
            raise UnknownPhase(
                details={"field": f"{field}.key", "value": phase.key, "allowed": PHASE_KEYS}
            )
        if previous is not None and PHASE_KEYS.index(phase.key) <= PHASE_KEYS.index(previous.key):
            raise PhaseOutOfOrder(
                details={"field": f"{field}.key", "value": phase.key, "expected": PHASE_KEYS}
            )
        if phase.ends_on < phase.starts_on:
            raise PhaseEndsBeforeStart(
                details={
                    "field": f"{field}.ends_on",
                    "phase": phase.key,
                    "starts_on": phase.starts_on.isoformat(),
                    "ends_on": phase.ends_on.isoformat(),
                }
            )
        if previous is not None and phase.starts_on <= previous.ends_on:
            raise PhasesOverlap(
                details={
                    "field": f"{field}.starts_on",
                    "phase": phase.key,
                    "previous_phase": previous.key,
                    "previous_ends_on": previous.ends_on.isoformat(),
                }
            )
        previous = phase


async def create_process(
    session: AsyncSession, actor: Principal, data: ProcessCreate, *, demo: bool = False
) -> Process:
    check_state_code(data.level, data.state_code)
    check_phases(data.phases)
    process = Process(
        plan_code=data.plan_code,
        title=data.title,
        level=data.level,
        state_code=data.state_code,
        votes_per_person=data.votes_per_person,
        requires_curp=data.requires_curp,
        demo=demo,
        starts_on=data.phases[0].starts_on,
        ends_on=data.phases[-1].ends_on,
        phases=[
            Phase(
                key=phase.key,
                order=order,
                name_es=phase.name_es or DEFAULT_NAMES[phase.key],
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
            )
            for order, phase in enumerate(data.phases, start=1)
        ],
    )
    session.add(process)
    try:
        await session.flush()
    except IntegrityError:
        # The unique plan code decides, so two simultaneous requests cannot both win.
        raise ProcessAlreadyExists(details={"plan_code": data.plan_code}) from None
    payload = process_payload(process)
    await audit.record(session, actor, "process.created", "process", process.id, after=payload)
    await emit(session, contract.PROCESS_CREATED, payload)
    return process


async def change_phase(
    session: AsyncSession, actor: Principal, process: Process, key: str, data: PhaseChange
) -> Process:
    """Extend or move one phase (the Committee), with a reason kept in the audit log.

    The new dates must keep the phases in order and without overlaps, as at creation."""
    phase = next((p for p in process.phases if p.key == key), None)
    if phase is None:
        raise UnknownPhase(
            details={"field": "phase_key", "value": key, "allowed": [p.key for p in process.phases]}
        )
    planned = [
        PhaseCreate(
            key=p.key,
            starts_on=data.starts_on if p is phase else p.starts_on,
            ends_on=data.ends_on if p is phase else p.ends_on,
        )
        for p in process.phases
    ]
    check_phases(planned)
    before = {"starts_on": phase.starts_on.isoformat(), "ends_on": phase.ends_on.isoformat()}
    phase.starts_on, phase.ends_on = data.starts_on, data.ends_on
    process.starts_on, process.ends_on = planned[0].starts_on, planned[-1].ends_on
    process.updated_at = datetime.now(UTC)
    session.add_all([phase, process])
    await session.flush()
    after = {"starts_on": data.starts_on.isoformat(), "ends_on": data.ends_on.isoformat()}
    await audit.record(
        session,
        actor,
        "process.phase_changed",
        "process",
        process.id,
        before={"phase": key, **before},
        after={"phase": key, **after},
        reason=data.reason,
    )
    return process


async def phase_changes(session: AsyncSession, process: Process) -> list[PhaseChangeRead]:
    """The public record of every change of phase dates, oldest first."""
    return [
        PhaseChangeRead(
            phase=entry["after"]["phase"],
            before={k: v for k, v in entry["before"].items() if k != "phase"},
            after={k: v for k, v in entry["after"].items() if k != "phase"},
            reason=entry["reason"],
            changed_at=entry["occurred_at"],
        )
        for entry in await audit.history(session, "process", process.id)
        if entry["action"] == "process.phase_changed"
    ]
