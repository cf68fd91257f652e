"""The meeting event this service publishes, and its payload (``contracts.roadmaps``)."""

from contracts.roadmaps import MEETING_RECORDED, Attendance, MeetingRecorded
from roadmaps.commitments.models import Commitment
from roadmaps.meetings.models import Meeting, headcount

__all__ = ["MEETING_RECORDED", "meeting_payload"]


def meeting_payload(commitment: Commitment | None, meeting: Meeting) -> MeetingRecorded:
    """``roadmaps.meeting.recorded.v1``: counts and the minutes' link; minutes stay here."""
    by_sector = {
        a["sector"]: Attendance(
            women=a["women"], men=a["men"], other=a["other"], total=headcount(a)
        )
        for a in meeting.attendance
    }
    cso = by_sector.get("cso")
    return MeetingRecorded(
        meeting_id=meeting.id,
        plan_code=meeting.plan_code,
        commitment_id=commitment.id if commitment else None,
        commitment_number=commitment.number if commitment else None,
        held_on=meeting.held_on,
        kind=meeting.kind,
        minutes_url=meeting.minutes_url,
        attendees_by_sector=by_sector,
        attendees_total=sum(headcount(a) for a in meeting.attendance),
        with_civil_society=cso is not None and cso.total > 0,
    )
