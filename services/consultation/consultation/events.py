"""Events this service publishes. Names: ``consultation.<entity>.<verb>.v<n>``."""

from consultation.models import Process

PROCESS_CREATED = "consultation.process.created.v1"
THEME_PROMOTED = "consultation.theme.promoted.v1"
NOTIFICATION_REQUESTED = "consultation.notification.requested.v1"
RESPONSES_TALLIED = "consultation.responses.tallied.v1"

# Events consumed (handlers in consultation.handlers).
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


def process_payload(process: Process) -> dict:
    return {
        "process_id": process.id,
        "plan_code": process.plan_code,
        "title": process.title,
        "level": process.level,
        "state_code": process.state_code,
        "phases": [
            {
                "key": phase.key,
                "order": phase.order,
                "name_es": phase.name_es,
                "starts_on": phase.starts_on.isoformat(),
                "ends_on": phase.ends_on.isoformat(),
            }
            for phase in process.phases
        ],
    }
