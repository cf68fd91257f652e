"""Business rules of the working groups; knows nothing of HTTP."""

from sqlalchemy import delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.concurrency import compare_and_swap, stale
from kit.db import insert_ignore
from kit.outbox import emit
from kit.tokens import Principal
from reference.sectors import SECTORS
from roadmaps.commitments.models import Commitment
from roadmaps.db import utcnow
from roadmaps.groups.errors import GroupRoleSectorMismatch, MemberAlreadyAdded, MemberNotFound
from roadmaps.groups.events import MEMBER_ADDED, MEMBER_REMOVED, member_payload
from roadmaps.groups.models import WorkingGroup, WorkingGroupMember
from roadmaps.groups.roles import GROUP_ROLES, ROLE_SECTOR
from roadmaps.groups.schemas import (
    MemberCreate,
    MemberRead,
    MyWorkingGroup,
    RulesUpdate,
    WorkingGroupRead,
)


async def ensure_group(session: AsyncSession, commitment_id: str) -> None:
    """Every commitment has its group from the start (rules empty, nobody in it)."""
    now = utcnow()
    values = {"commitment_id": commitment_id, "rules_of_operation": "", "version": 1}
    await insert_ignore(
        session,
        WorkingGroup.__table__,
        values | {"created_at": now, "updated_at": now},
        ["commitment_id"],
    )


async def list_members(session: AsyncSession, commitment_id: str) -> list[WorkingGroupMember]:
    query = (
        select(WorkingGroupMember)
        .where(WorkingGroupMember.commitment_id == commitment_id)
        .order_by(WorkingGroupMember.added_at, WorkingGroupMember.account_id)
    )
    return list((await session.execute(query)).scalars())


async def find_member(
    session: AsyncSession, commitment_id: str, account_id: str
) -> WorkingGroupMember | None:
    return await session.get(WorkingGroupMember, (commitment_id, account_id))


async def read_group(session: AsyncSession, commitment_id: str) -> WorkingGroupRead:
    query = (
        select(WorkingGroup)
        .where(WorkingGroup.commitment_id == commitment_id)
        .execution_options(populate_existing=True)
    )
    group = (await session.execute(query)).scalar_one_or_none()
    group = group or WorkingGroup(commitment_id=commitment_id)
    members = await list_members(session, commitment_id)
    return WorkingGroupRead(
        commitment_id=commitment_id,
        rules_of_operation=group.rules_of_operation,
        version=group.version,
        members=[MemberRead.model_validate(m) for m in members],
        updated_at=group.updated_at,
    )


async def update_rules(
    session: AsyncSession, actor: Principal, commitment_id: str, expected: int, data: RulesUpdate
) -> WorkingGroupRead:
    await ensure_group(session, commitment_id)
    before = await read_group(session, commitment_id)
    values = {"rules_of_operation": data.rules_of_operation, "updated_at": utcnow()}
    if not await compare_and_swap(session, WorkingGroup, commitment_id, expected, values):
        current = await read_group(session, commitment_id)
        raise stale(current.version, current.model_dump(mode="json"))
    after = await read_group(session, commitment_id)
    await audit.record(
        session,
        actor,
        "working_group.rules_updated",
        "working_group",
        commitment_id,
        before={"rules_of_operation": before.rules_of_operation, "version": before.version},
        after={"rules_of_operation": after.rules_of_operation, "version": after.version},
    )
    return after


def _check_role_fits_sector(data: MemberCreate) -> None:
    needed = ROLE_SECTOR.get(data.group_role)
    if needed and data.sector != needed:
        raise GroupRoleSectorMismatch(
            f"El papel «{GROUP_ROLES[data.group_role]}» corresponde al sector "
            f"«{SECTORS[needed]}», no a «{SECTORS[data.sector]}».",
            details={"group_role": data.group_role, "sector": data.sector, "expected": needed},
        )


async def add_member(
    session: AsyncSession, actor: Principal, commitment: Commitment, data: MemberCreate
) -> WorkingGroupMember:
    _check_role_fits_sector(data)
    await ensure_group(session, commitment.id)
    values = data.model_dump() | {
        "commitment_id": commitment.id,
        "added_at": utcnow(),
        "added_by": actor.sub,
    }
    key = ["commitment_id", "account_id"]
    if not await insert_ignore(session, WorkingGroupMember.__table__, values, key):
        raise MemberAlreadyAdded(details={"account_id": data.account_id})
    member = await find_member(session, commitment.id, data.account_id)
    assert member is not None
    await audit.record(
        session, actor, "working_group.member_added", "working_group", commitment.id, after=values
    )
    await emit(session, MEMBER_ADDED, member_payload(commitment, member))
    return member


async def remove_member(
    session: AsyncSession, actor: Principal, commitment: Commitment, account_id: str
) -> None:
    member = await find_member(session, commitment.id, account_id)
    if member is None:
        raise MemberNotFound(details={"account_id": account_id})
    payload = member_payload(commitment, member, removed=True)
    result = await session.execute(
        delete(WorkingGroupMember.__table__).where(
            WorkingGroupMember.commitment_id == commitment.id,
            WorkingGroupMember.account_id == account_id,
        )
    )
    if result.rowcount != 1:  # removed by a concurrent request since we looked
        raise MemberNotFound(details={"account_id": account_id})
    session.expunge(member)
    await audit.record(
        session,
        actor,
        "working_group.member_removed",
        "working_group",
        commitment.id,
        before=payload.member,
    )
    await emit(session, MEMBER_REMOVED, payload)


async def groups_of(session: AsyncSession, account_id: str) -> list[MyWorkingGroup]:
    """The working groups ``account_id`` is a member of, in plan and number order."""
    rows = await session.execute(
        select(Commitment, WorkingGroupMember)
        .join(WorkingGroupMember, WorkingGroupMember.commitment_id == Commitment.id)
        .where(WorkingGroupMember.account_id == account_id)
        .order_by(Commitment.plan_code, Commitment.number)
    )
    return [
        MyWorkingGroup(
            commitment_id=c.id,
            plan_code=c.plan_code,
            number=c.number,
            title=c.title,
            sector=m.sector,
            group_role=m.group_role,
            demo=c.demo,
        )
        for c, m in rows.all()
    ]
