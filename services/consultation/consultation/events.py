"""Events this service publishes. Names: ``consultation.<entity>.<verb>.v<n>``."""

from consultation.models import Process

PROCESS_CREATED = "consultation.process.created.v1"

# Which destination receives which topics (prefixes); destinations' URLs are settings.
# No service needs the processes yet; a subscriber only has to be added here.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {}


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
