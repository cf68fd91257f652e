"""The working-group events this service publishes, and their payload
(``contracts.roadmaps``)."""

from contracts.roadmaps import MEMBER_ADDED, MEMBER_REMOVED, Member, MemberAdded, MemberRemoved
from roadmaps.commitments.models import Commitment
from roadmaps.groups.models import WorkingGroupMember

__all__ = ["MEMBER_ADDED", "MEMBER_REMOVED", "member_of", "member_payload"]


def member_of(member: WorkingGroupMember) -> Member:
    return Member(
        account_id=member.account_id,
        name=member.name,
        sector=member.sector,
        group_role=member.group_role,
        organization=member.organization,
    )


def member_payload(
    commitment: Commitment, member: WorkingGroupMember, *, removed: bool = False
) -> MemberAdded | MemberRemoved:
    """``roadmaps.working_group.member_added.v1`` (``member_removed.v1`` when ``removed``)."""
    model = MemberRemoved if removed else MemberAdded
    return model(
        commitment_id=commitment.id, plan_code=commitment.plan_code, member=member_of(member)
    )
