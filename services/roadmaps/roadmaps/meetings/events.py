"""The meeting event this service publishes, and its payload (docs/EVENTS.md)."""

from typing import Any

from roadmaps.commitments.models import Commitment
from roadmaps.meetings.models import Meeting, headcount

MEETING_RECORDED = "roadmaps.meeting.recorded.v1"


def meeting_payload(commitment: Commitment | None, meeting: Meeting) -> dict[str, Any]:
    """``roadmaps.meeting.recorded.v1``: counts and the minutes' link; minutes stay here."""
    by_sector = {
        a["sector"]: {k: a[k] for k in ("women", "men", "other")} | {"total": headcount(a)}
        for a in meeting.attendance
    }
    return {
        "meeting_id": meeting.id,
        "plan_code": meeting.plan_code,
        "commitment_id": commitment.id if commitment else None,
        "commitment_number": commitment.number if commitment else None,
        "held_on": meeting.held_on.isoformat(),
        "kind": meeting.kind,
        "minutes_url": meeting.minutes_url,
        "attendees_by_sector": by_sector,
        "attendees_total": sum(headcount(a) for a in meeting.attendance),
        "with_civil_society": by_sector.get("cso", {}).get("total", 0) > 0,
    }
