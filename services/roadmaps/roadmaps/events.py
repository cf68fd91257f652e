"""Events this service publishes (``roadmaps.<entity>.<verb>.v<n>``) and consumes.

The payloads are in docs/EVENTS.md; each domain builds its own.
"""

COMMITMENT_PUBLISHED = "roadmaps.commitment.published.v1"
DRAFT_PLAN_PUBLISHED = "roadmaps.draft_plan.published.v1"
ROADMAP_PUBLISHED = "roadmaps.roadmap.published.v1"
ROADMAP_AMENDED = "roadmaps.roadmap.amended.v1"
MEMBER_ADDED = "roadmaps.working_group.member_added.v1"
MEMBER_REMOVED = "roadmaps.working_group.member_removed.v1"
MEETING_RECORDED = "roadmaps.meeting.recorded.v1"

THEME_PROMOTED = "consultation.theme.promoted.v1"

# Which destination receives which topics (prefixes); destinations' URLs are settings.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "tracking": (
        "roadmaps.commitment.",
        "roadmaps.roadmap.",
        "roadmaps.working_group.",
        "roadmaps.meeting.",
    ),
    "consultation": ("roadmaps.draft_plan.",),
}
