"""The roadmap events this service publishes, and their payload (docs/EVENTS.md)."""

from collections.abc import Iterable
from typing import Any

from roadmaps.commitments.models import Commitment
from roadmaps.groups.models import WorkingGroupMember
from roadmaps.roadmap.models import RoadmapPublication, RoadmapVersion

ROADMAP_PUBLISHED = "roadmaps.roadmap.published.v1"
ROADMAP_AMENDED = "roadmaps.roadmap.amended.v1"

_CONTENT_FIELDS = (
    "responsible_public_servant",
    "responsible_cso_person",
    "final_result",
    "expected_products",
    "indicators",
    "means_of_verification",
    "start_date",
    "end_date",
    "key_actions",
)


def roadmap_payload(
    commitment: Commitment,
    version: RoadmapVersion,
    publication: RoadmapPublication,
    members: Iterable[WorkingGroupMember],
) -> dict[str, Any]:
    """Everything tracking needs; ``key_action_id``/``activity_id`` are stable across
    versions, so progress reported on an activity survives an amendment that keeps it."""
    payload: dict[str, Any] = {
        "roadmap_id": version.roadmap_id,
        "commitment_id": commitment.id,
        "plan_code": commitment.plan_code,
        "commitment_number": commitment.number,
        "commitment_title": commitment.title,
        "version": version.version,
        "published_at": publication.published_at.isoformat(),
    }
    payload.update({name: version.content.get(name) for name in _CONTENT_FIELDS})
    payload["members"] = [
        {
            "account_id": m.account_id,
            "name": m.name,
            "sector": m.sector,
            "group_role": m.group_role,
            "organization": m.organization,
        }
        for m in members
    ]
    if publication.kind == "amendment":
        payload["amendment"] = {
            "justification": publication.justification,
            "previous_version": publication.previous_version,
        }
    return payload
