"""Events this service consumes and publishes."""

from kit.inbox import Handler
from tracking.activities import service as activities
from tracking.commitments import service as commitments
from tracking.compliance.service import record_meeting, record_tally
from tracking.privacy.service import account_deleted

COMMITMENT_PUBLISHED = "roadmaps.commitment.published.v1"
ROADMAP_PUBLISHED = "roadmaps.roadmap.published.v1"
ROADMAP_AMENDED = "roadmaps.roadmap.amended.v1"
MEMBER_ADDED = "roadmaps.working_group.member_added.v1"
MEMBER_REMOVED = "roadmaps.working_group.member_removed.v1"
MEETING_RECORDED = "roadmaps.meeting.recorded.v1"
RESPONSES_TALLIED = "consultation.responses.tallied.v1"
ACCOUNT_DELETED = "auth.account.deleted.v1"

# Topics not listed here are acknowledged and ignored by the kit inbox.
HANDLERS: dict[str, Handler] = {
    COMMITMENT_PUBLISHED: commitments.record_published_commitment,
    ROADMAP_PUBLISHED: activities.record_roadmap,
    ROADMAP_AMENDED: activities.record_roadmap,
    MEMBER_ADDED: activities.record_member_added,
    MEMBER_REMOVED: activities.record_member_removed,
    MEETING_RECORDED: record_meeting,
    RESPONSES_TALLIED: record_tally,
    ACCOUNT_DELETED: account_deleted,
}

# Published: e-mail requests go to the gateway (it holds the addresses). Webhook events
# (tracking.update.published.v1 …) go only to the agencies' URLs, as extra destinations.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "gateway": ("tracking.notification.",),
}
