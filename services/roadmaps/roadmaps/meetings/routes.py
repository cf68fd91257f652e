from typing import Annotated

from fastapi import APIRouter, Path, Query

from kit.auth import OptionalPrincipal
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT
from roadmaps.commitments.service import sees_draft_commitments
from roadmaps.deps import CommitteeMember, MemberOrCommittee, ValidCommitment
from roadmaps.meetings import service
from roadmaps.meetings.models import Meeting
from roadmaps.meetings.schemas import (
    MeetingCreate,
    MeetingList,
    MeetingRead,
    MeetingStats,
    PlanMeetingCreate,
)

router = APIRouter(tags=["meetings"])
MEETINGS = "/commitments/{commitment_id}/meetings"
PLAN_MEETINGS = "/plans/{plan_code}/meetings"
PlanCode = Annotated[str, Path(max_length=40, examples=["MX-4PA"])]


@router.post(
    MEETINGS,
    status_code=201,
    response_model=MeetingRead,
    responses=error_responses(401, 403, 404, 422),
)
async def record_meeting(
    session: SessionDep, actor: MemberOrCommittee, commitment: ValidCommitment, data: MeetingCreate
) -> MeetingRead:
    """Record a meeting of the working group (its members or the Committee): date,
    attendance counted by sector and gender, minutes and agreements."""
    return service.meeting_read(await service.record_meeting(session, actor, commitment, data))


@router.get(MEETINGS, response_model=MeetingList, responses=error_responses(401, 404, 422))
async def list_meetings(
    session: SessionDep,
    commitment: ValidCommitment,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> MeetingList:
    """The meetings of a commitment's working group, newest first."""
    rows, next_cursor = await service.list_meetings(
        session, Meeting.commitment_id == commitment.id, limit=limit, cursor=cursor
    )
    return MeetingList(items=[service.meeting_read(m) for m in rows], next_cursor=next_cursor)


@router.post(
    PLAN_MEETINGS,
    status_code=201,
    response_model=MeetingRead,
    responses=error_responses(401, 403, 404, 422),
)
async def record_plan_meeting(
    session: SessionDep, actor: CommitteeMember, plan_code: PlanCode, data: PlanMeetingCreate
) -> MeetingRead:
    """Record a session of the plan's multi-stakeholder forum (`kind: forum`) or of the
    Coordinating Committee (`kind: committee`), with its minutes and, if published, their
    link: the compliance view counts these sessions ("the forum meets every six months")."""
    meeting = await service.record_plan_meeting(session, actor, plan_code, data)
    return service.meeting_read(meeting)


@router.get(PLAN_MEETINGS, response_model=MeetingList, responses=error_responses(422))
async def list_plan_meetings(
    session: SessionDep,
    plan_code: PlanCode,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> MeetingList:
    """The sessions of the plan's forum and of the Committee, newest first."""
    where = (Meeting.plan_code == plan_code) & Meeting.commitment_id.is_(None)
    rows, next_cursor = await service.list_meetings(session, where, limit=limit, cursor=cursor)
    return MeetingList(items=[service.meeting_read(m) for m in rows], next_cursor=next_cursor)


@router.get(
    "/plans/{plan_code}/meeting-stats",
    response_model=MeetingStats,
    responses=error_responses(401, 422),
)
async def meeting_stats(
    session: SessionDep,
    viewer: OptionalPrincipal,
    plan_code: PlanCode,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> MeetingStats:
    """How many meetings each commitment's group held per year, with attendance by sector
    and gender and how many had civil society present; and the plan's totals per year.
    Feeds the compliance view (OGP: at least two implementation meetings a year)."""
    return await service.meeting_stats(
        session, plan_code, include_drafts=sees_draft_commitments(viewer), year=year
    )
