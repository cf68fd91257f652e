"""The working-group events this service publishes, and their payload (docs/EVENTS.md)."""

from typing import Any

from roadmaps.commitments.models import Commitment
from roadmaps.groups.models import WorkingGroupMember

MEMBER_ADDED = "roadmaps.working_group.member_added.v1"
MEMBER_REMOVED = "roadmaps.working_group.member_removed.v1"


def member_payload(commitment: Commitment, member: WorkingGroupMember) -> dict[str, Any]:
    return {
        "commitment_id": commitment.id,
        "plan_code": commitment.plan_code,
        "member": {
            "account_id": member.account_id,
            "name": member.name,
            "sector": member.sector,
            "group_role": member.group_role,
            "organization": member.organization,
        },
    }
