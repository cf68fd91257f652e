"""Every table of the roadmaps database, in one metadata (what Alembic compares against).

The tables live in their domain packages; importing them here registers them all.
"""

from roadmaps.commitments.models import Commitment, CommitmentBase, DraftPlanPublication
from roadmaps.db import RoadmapsModel, kit_tables
from roadmaps.groups.models import WorkingGroup, WorkingGroupMember
from roadmaps.meetings.models import Meeting
from roadmaps.roadmap.models import (
    ReviewSession,
    Roadmap,
    RoadmapPublication,
    RoadmapSignOff,
    RoadmapVersion,
)

__all__ = [
    "Commitment",
    "CommitmentBase",
    "DraftPlanPublication",
    "Meeting",
    "ReviewSession",
    "Roadmap",
    "RoadmapPublication",
    "RoadmapSignOff",
    "RoadmapVersion",
    "RoadmapsModel",
    "WorkingGroup",
    "WorkingGroupMember",
    "kit_tables",
]
