"""This service's events: the topics it produces and consumes, which destination receives
which, and the handler of each consumed topic.

Topic names and payload models are in ``contracts`` (``contracts.consultation`` for what
this service produces, each payload built by the domain that emits it); this module is the
wiring and imports the domains (no domain imports it).
"""

from consultation.commitment_comments.service import commitment_published
from consultation.feedback.service import draft_plan_published
from consultation.privacy.service import account_deleted
from contracts import consultation as produced
from contracts.auth import ACCOUNT_DELETED, AccountDeleted
from contracts.roadmaps import (
    COMMITMENT_PUBLISHED,
    DRAFT_PLAN_PUBLISHED,
    CommitmentPublished,
    DraftPlanPublished,
)
from kit.inbox import Consumer, Handler

PRODUCED = tuple(produced.TOPICS)

# Which destination receives which topics (prefixes); destinations' URLs are settings
# (CONSULTATION_EVENT_DESTINATIONS='{"roadmaps": "http://…", "gateway": "http://…"}').
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "roadmaps": ("consultation.theme.",),
    "gateway": ("consultation.notification.",),
    "tracking": ("consultation.responses.",),
}

# Events this service consumes, by topic (idempotent through kit.inbox); a payload that
# does not fit its contract is refused (422 ``invalid_event_payload``, nothing recorded).
HANDLERS: dict[str, Handler] = {
    DRAFT_PLAN_PUBLISHED: Consumer(DraftPlanPublished, draft_plan_published),
    COMMITMENT_PUBLISHED: Consumer(CommitmentPublished, commitment_published),
    ACCOUNT_DELETED: Consumer(AccountDeleted, account_deleted),
}
