"""Business rules of the working-group meetings; knows nothing of HTTP."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.outbox import emit
from kit.pagination import Keyset
from kit.tokens import Principal
from roadmaps.commitments.models import Commitment
from roadmaps.db import utcnow
from roadmaps.meetings.errors import DuplicateSector, NoAttendees, PlanNotFound
from roadmaps.meetings.events import MEETING_RECORDED, meeting_payload
from roadmaps.meetings.models import Meeting, headcount
from roadmaps.meetings.schemas import (
    AttendanceTotals,
    MeetingCount,
    MeetingCreate,
    MeetingRead,
    MeetingStats,
    PlanMeetingCreate,
)
from roadmaps.roadmap.errors import DateInFuture

NEWEST_FIRST = Keyset(Meeting.held_on, Meeting.id)


def meeting_read(meeting: Meeting) -> MeetingRead:
    total = sum(headcount(a) for a in meeting.attendance)
    return MeetingRead.model_validate(meeting.model_dump() | {"total_attendees": total})


def _check_meeting(data: MeetingCreate) -> None:
    if data.held_on > utcnow().date():
        raise DateInFuture(
            "La fecha de la reunión no puede ser posterior a hoy.",
            details={"field": "held_on", "held_on": data.held_on.isoformat()},
        )
    sectors = [a.sector for a in data.attendance]
    if len(set(sectors)) != len(sectors):
        raise DuplicateSector(details={"field": "attendance", "sectors": sectors})
    if not any(a.women + a.men + a.other for a in data.attendance):
        raise NoAttendees(details={"field": "attendance"})


async def record_meeting(
    session: AsyncSession, actor: Principal, commitment: Commitment, data: MeetingCreate
) -> Meeting:
    """A working group's meeting."""
    meeting = _new_meeting(actor, data, plan_code=commitment.plan_code)
    meeting.commitment_id = commitment.id
    return await _store(session, actor, commitment, meeting)


async def record_plan_meeting(
    session: AsyncSession, actor: Principal, plan_code: str, data: PlanMeetingCreate
) -> Meeting:
    """A session of the plan's forum or of the Committee, with its minutes."""
    known = await session.execute(
        select(Commitment.id).where(Commitment.plan_code == plan_code).limit(1)
    )
    if known.first() is None:
        raise PlanNotFound()
    meeting = _new_meeting(actor, data, plan_code=plan_code)
    meeting.kind, meeting.minutes_url = data.kind, data.minutes_url
    return await _store(session, actor, None, meeting)


def _new_meeting(actor: Principal, data: MeetingCreate, plan_code: str) -> Meeting:
    _check_meeting(data)
    return Meeting(
        plan_code=plan_code,
        held_on=data.held_on,
        attendance=[a.model_dump() for a in data.attendance],
        minutes=data.minutes,
        agreements=data.agreements,
        recorded_by=actor.sub,
    )


async def _store(
    session: AsyncSession, actor: Principal, commitment: Commitment | None, meeting: Meeting
) -> Meeting:
    session.add(meeting)
    await session.flush()
    await audit.record(
        session, actor, "meeting.recorded", "meeting", meeting.id, after=meeting.model_dump()
    )
    await emit(session, MEETING_RECORDED, meeting_payload(commitment, meeting))
    return meeting


async def list_meetings(
    session: AsyncSession, where: Any, *, limit: int, cursor: str | None
) -> tuple[list[Meeting], str | None]:
    """Newest first."""
    query = NEWEST_FIRST.apply(select(Meeting).where(where), cursor=cursor, limit=limit)
    return NEWEST_FIRST.page((await session.execute(query)).scalars().all(), limit)


def _count(
    meetings: Iterable[Meeting], year: int, commitment: Commitment | None = None
) -> MeetingCount:
    totals = AttendanceTotals()
    by_sector: dict[str, int] = defaultdict(int)
    count = with_cso = 0
    for meeting in meetings:
        count += 1
        for a in meeting.attendance:
            people = headcount(a)
            totals.women += a["women"]
            totals.men += a["men"]
            totals.other += a["other"]
            totals.total += people
            by_sector[a["sector"]] += people
        with_cso += any(a["sector"] == "cso" and headcount(a) for a in meeting.attendance)
    totals.by_sector = dict(sorted(by_sector.items()))
    return MeetingCount(
        commitment_id=commitment.id if commitment else None,
        commitment_number=commitment.number if commitment else None,
        year=year,
        meetings=count,
        meetings_with_cso=with_cso,
        attendees=totals,
    )


async def meeting_stats(
    session: AsyncSession, plan_code: str, *, include_drafts: bool, year: int | None
) -> MeetingStats:
    """Meetings per commitment and year, and per year for the whole plan."""
    query = (
        select(Meeting, Commitment)
        .join(Commitment, Commitment.id == Meeting.commitment_id)
        .where(Commitment.plan_code == plan_code)
        .order_by(Commitment.number, Meeting.held_on)
    )
    if not include_drafts:
        query = query.where(Commitment.status == "published")
    rows = (await session.execute(query)).all()
    per_commitment: dict[tuple[int, int], list[Meeting]] = defaultdict(list)
    per_year: dict[int, list[Meeting]] = defaultdict(list)
    commitments: dict[int, Commitment] = {}
    for meeting, commitment in rows:
        if year is not None and meeting.held_on.year != year:
            continue
        commitments[commitment.number] = commitment
        per_commitment[(commitment.number, meeting.held_on.year)].append(meeting)
        per_year[meeting.held_on.year].append(meeting)
    return MeetingStats(
        plan_code=plan_code,
        by_commitment=[
            _count(found, y, commitments[number])
            for (number, y), found in sorted(per_commitment.items())
        ],
        by_year=[_count(found, y) for y, found in sorted(per_year.items())],
    )
