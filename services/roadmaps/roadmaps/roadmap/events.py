"""The roadmap events this service publishes, and their payload (``contracts.roadmaps``)."""

from collections.abc import Iterable

from contracts.roadmaps import ROADMAP_AMENDED, ROADMAP_PUBLISHED, RoadmapAmended, RoadmapPublished
from roadmaps.commitments.models import Commitment
from roadmaps.groups.events import member_of
from roadmaps.groups.models import WorkingGroupMember
from roadmaps.roadmap.models import RoadmapPublication, RoadmapVersion

__all__ = ["ROADMAP_AMENDED", "ROADMAP_PUBLISHED", "roadmap_payload"]

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
) -> RoadmapPublished:
    """Everything tracking needs (a :class:`RoadmapAmended` for an amendment);
    ``key_action_id``/``activity_id`` are stable across versions, so progress reported on an
    activity survives an amendment that keeps it."""
    values = {
        "roadmap_id": version.roadmap_id,
        "commitment_id": commitment.id,
        "plan_code": commitment.plan_code,
        "commitment_number": commitment.number,
        "commitment_title": commitment.title,
        "version": version.version,
        "published_at": publication.published_at,
        **{name: version.content.get(name) for name in _CONTENT_FIELDS},
        "members": [member_of(m) for m in members],
    }
    if publication.kind == "amendment":
        amendment = {
            "justification": publication.justification,
            "previous_version": publication.previous_version,
        }
        return RoadmapAmended.model_validate(values | {"amendment": amendment})
    return RoadmapPublished.model_validate(values)
