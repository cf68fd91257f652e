"""Events this service consumes and publishes (topic names and payload models:
``contracts``; what tracking publishes is ``contracts.tracking``)."""

from contracts.auth import ACCOUNT_DELETED, AccountDeleted
from contracts.consultation import RESPONSES_TALLIED, ResponsesTallied
from contracts.roadmaps import (
    COMMITMENT_PUBLISHED,
    MEETING_RECORDED,
    MEMBER_ADDED,
    MEMBER_REMOVED,
    ROADMAP_AMENDED,
    ROADMAP_PUBLISHED,
    CommitmentPublished,
    MeetingRecorded,
    MemberAdded,
    MemberRemoved,
    RoadmapAmended,
    RoadmapPublished,
)
from kit.inbox import Consumer, Handler
from tracking.activities import service as activities
from tracking.activities.errors import InvalidEvent
from tracking.commitments import service as commitments
from tracking.commitments.errors import InvalidCommitmentEvent
from tracking.compliance.service import record_meeting, record_tally
from tracking.privacy.service import account_deleted

# Topics not listed here are acknowledged and ignored by the kit inbox. A payload that does
# not fit its contract is refused with the error named (422, nothing recorded).
HANDLERS: dict[str, Handler] = {
    COMMITMENT_PUBLISHED: Consumer(
        CommitmentPublished,
        commitments.record_published_commitment,
        invalid=InvalidCommitmentEvent,
    ),
    ROADMAP_PUBLISHED: Consumer(RoadmapPublished, activities.record_roadmap, invalid=InvalidEvent),
    ROADMAP_AMENDED: Consumer(RoadmapAmended, activities.record_roadmap, invalid=InvalidEvent),
    MEMBER_ADDED: Consumer(MemberAdded, activities.record_member_added, invalid=InvalidEvent),
    MEMBER_REMOVED: Consumer(MemberRemoved, activities.record_member_removed, invalid=InvalidEvent),
    MEETING_RECORDED: Consumer(MeetingRecorded, record_meeting, invalid=InvalidEvent),
    RESPONSES_TALLIED: Consumer(ResponsesTallied, record_tally, invalid=InvalidEvent),
    ACCOUNT_DELETED: Consumer(AccountDeleted, account_deleted),
}

# Published: e-mail requests go to the gateway (it holds the addresses). Webhook events
# (contracts.tracking.WEBHOOK_TOPICS) go only to the agencies' URLs, as extra destinations.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "gateway": ("tracking.notification.",),
}
