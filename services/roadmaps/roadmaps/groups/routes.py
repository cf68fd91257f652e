from typing import Annotated

from fastapi import APIRouter, Path, Response

from kit.auth import CurrentPrincipal
from kit.concurrency import etag
from kit.db import SessionDep
from kit.errors import error_responses
from roadmaps.deps import CommitteeMember, IfMatch, ValidCommitment
from roadmaps.groups import service
from roadmaps.groups.schemas import (
    MemberCreate,
    MemberRead,
    MyWorkingGroupList,
    RulesUpdate,
    WorkingGroupRead,
)

router = APIRouter(tags=["working groups"])
GROUP = "/commitments/{commitment_id}/working-group"


@router.get("/me/working-groups", response_model=MyWorkingGroupList, responses=error_responses(401))
async def my_working_groups(session: SessionDep, me: CurrentPrincipal) -> MyWorkingGroupList:
    """The working groups the signed-in person belongs to (the start of the staff area)."""
    return MyWorkingGroupList(items=await service.groups_of(session, me.sub))


@router.get(GROUP, response_model=WorkingGroupRead, responses=error_responses(401, 404))
async def get_working_group(
    session: SessionDep, commitment: ValidCommitment, response: Response
) -> WorkingGroupRead:
    """The commitment's working group: its public rules of operation and its members by
    sector and role. The ``ETag`` is what a ``PUT`` of the rules sends in ``If-Match``."""
    group = await service.read_group(session, commitment.id)
    response.headers["ETag"] = etag(group.version)
    return group


@router.put(
    GROUP,
    response_model=WorkingGroupRead,
    responses=error_responses(401, 403, 404, 412, 422, 428),
)
async def update_working_group(
    session: SessionDep,
    actor: CommitteeMember,
    commitment: ValidCommitment,
    expected: IfMatch,
    data: RulesUpdate,
    response: Response,
) -> WorkingGroupRead:
    """Replace the group's rules of operation (Coordinating Committee); needs ``If-Match``."""
    group = await service.update_rules(session, actor, commitment.id, expected, data)
    response.headers["ETag"] = etag(group.version)
    return group


@router.post(
    f"{GROUP}/members",
    status_code=201,
    response_model=MemberRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def add_member(
    session: SessionDep, actor: CommitteeMember, commitment: ValidCommitment, data: MemberCreate
) -> MemberRead:
    """Add a staff account to the group with its sector and role (Coordinating Committee).
    Announced as ``roadmaps.working_group.member_added.v1``."""
    return MemberRead.model_validate(await service.add_member(session, actor, commitment, data))


@router.delete(
    f"{GROUP}/members/{{account_id}}",
    status_code=204,
    responses=error_responses(401, 403, 404),
)
async def remove_member(
    session: SessionDep,
    actor: CommitteeMember,
    commitment: ValidCommitment,
    account_id: Annotated[str, Path(max_length=80)],
) -> Response:
    """Remove a member (Coordinating Committee). Announced as
    ``roadmaps.working_group.member_removed.v1``; signed versions keep their names."""
    await service.remove_member(session, actor, commitment, account_id)
    return Response(status_code=204)
