"""This service's events: the topics it produces and consumes, which destination receives
which, and the handler of each consumed topic.

Names: ``consultation.<entity>.<verb>.v<n>``. Each produced topic is declared by the domain
that emits it, next to its payload; this module is the wiring and imports the domains (no
domain imports it).
"""

from consultation.commitment_comments.service import commitment_published
from consultation.feedback.service import draft_plan_published
from consultation.privacy.service import account_deleted
from consultation.processes.service import PROCESS_CREATED
from consultation.responses.notify import NOTIFICATION_REQUESTED
from consultation.responses.tally import RESPONSES_TALLIED
from consultation.systematization.service import THEME_PROMOTED
from contracts.roadmaps import CommitmentPublished
from kit.inbox import Consumer, Handler

PRODUCED = (PROCESS_CREATED, THEME_PROMOTED, NOTIFICATION_REQUESTED, RESPONSES_TALLIED)

# Events consumed.
DRAFT_PLAN_PUBLISHED = "roadmaps.draft_plan.published.v1"
COMMITMENT_PUBLISHED = "roadmaps.commitment.published.v1"
ACCOUNT_DELETED = "auth.account.deleted.v1"

# Which destination receives which topics (prefixes); destinations' URLs are settings
# (CONSULTATION_EVENT_DESTINATIONS='{"roadmaps": "http://…", "gateway": "http://…"}').
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "roadmaps": ("consultation.theme.",),
    "gateway": ("consultation.notification.",),
    "tracking": ("consultation.responses.",),
}

# Events this service consumes, by topic (idempotent through kit.inbox).
HANDLERS: dict[str, Handler] = {
    DRAFT_PLAN_PUBLISHED: draft_plan_published,
    COMMITMENT_PUBLISHED: Consumer(CommitmentPublished, commitment_published),
    ACCOUNT_DELETED: account_deleted,
}
