"""Events the roadmaps service publishes: ``roadmaps.<entity>.<verb>.v<n>``."""

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, NonNegativeInt

from contracts.payload import Payload
from reference.areas import Area
from reference.sectors import MeetingSector, Sector

COMMITMENT_PUBLISHED = "roadmaps.commitment.published.v1"
DRAFT_PLAN_PUBLISHED = "roadmaps.draft_plan.published.v1"
ROADMAP_PUBLISHED = "roadmaps.roadmap.published.v1"
ROADMAP_AMENDED = "roadmaps.roadmap.amended.v1"
MEMBER_ADDED = "roadmaps.working_group.member_added.v1"
MEMBER_REMOVED = "roadmaps.working_group.member_removed.v1"
MEETING_RECORDED = "roadmaps.meeting.recorded.v1"

# A member's role in a working group (roadmaps' vocabulary; tests/events checks it against
# roadmaps' own list).
GroupRole = Literal["responsible_public_servant", "responsible_cso_person", "member"]
MeetingKind = Literal["working_group", "forum", "committee"]

Id = Annotated[str, Field(min_length=1, max_length=64)]
PlanCode = Annotated[str, Field(min_length=1, max_length=40)]


class CommitmentPublished(Payload):
    """``roadmaps.commitment.published.v1``: a commitment of an action plan was published.

    Produced by roadmaps (``commitments.service.publish_commitment``); consumed by tracking
    (``tracking.commitments.service.record_published_commitment``: its public copy) and, for a
    commitment born from a promoted theme only (``source_theme_id`` set), by consultation
    (``consultation.systematization.service.commitment_published``: links the theme's
    topics). ``demo``:
    demonstration data (tracking marks its copy so)."""

    commitment_id: Id
    plan_code: PlanCode
    number: int = Field(ge=1)
    slug: str = Field(max_length=80)
    title: str = Field(max_length=300)
    problem: str = Field(max_length=5000)
    summary: str = Field(max_length=5000)
    lead_institutions: list[str]
    cso_coresponsible: list[str]
    published_at: AwareDatetime
    # Added after the first version of the payload: an event sent before them (still in an
    # outbox, or from a producer not yet redeployed) lacks them, so each has its default.
    areas: list[Area] = []
    supporting_institutions: list[str] = []
    cso_accompanying: list[str] = []
    source_theme_id: str | None = Field(default=None, max_length=64)
    demo: bool = False


class DraftPlanCommitment(Payload):
    commitment_id: Id
    number: int = Field(ge=1)
    title: str = Field(max_length=300)
    problem: str = Field(max_length=5000)
    summary: str = Field(max_length=5000)
    # Optional: the consultation theme it came from (added later).
    source_theme_id: str | None = Field(default=None, max_length=64)


class DraftPlanPublished(Payload):
    """``roadmaps.draft_plan.published.v1``: a plan's draft opened for public comment.

    Produced by roadmaps (``commitments.consultation.publish_draft_plan``); consumed by
    consultation (``feedback.service.draft_plan_published``): each commitment becomes a
    feedback item."""

    plan_code: PlanCode
    published_at: AwareDatetime
    commitments: list[DraftPlanCommitment]


class Person(Payload):
    account_id: str = Field(min_length=1, max_length=80)
    name: str = Field(max_length=200)
    organization: str = Field(max_length=300)


class Member(Person):
    sector: Sector
    group_role: GroupRole


class Activity(Payload):
    activity_id: Id
    order: int = Field(ge=1)
    title: str = Field(max_length=500)
    start_date: date | None
    end_date: date | None
    indicator: str = Field(max_length=1000)
    means_of_verification: str = Field(max_length=1000)
    # Why this version moves the activity's dates, in public words; versions saved before
    # it existed have none, and then the amendment's justification explains the change.
    reschedule_reason: str = Field(default="", max_length=1000)


class KeyAction(Payload):
    key_action_id: Id
    order: int = Field(ge=1)
    title: str = Field(max_length=500)
    weight: int = Field(ge=1, le=100)
    # Versions saved before it existed have none: it reads "" then.
    responsible_institution: str = Field(default="", max_length=300)
    activities: list[Activity]


class Amendment(Payload):
    justification: str = Field(min_length=10, max_length=5000)
    previous_version: int = Field(ge=1)


class RoadmapPublished(Payload):
    """``roadmaps.roadmap.published.v1``: a commitment's roadmap, as published.

    Produced by roadmaps (``roadmap.service.record_publication``, payload built by
    ``roadmap.events.roadmap_payload``); consumed by tracking (``activities.service.
    record_roadmap``). ``key_action_id`` and ``activity_id`` are stable across versions."""

    roadmap_id: Id
    commitment_id: Id
    plan_code: PlanCode
    commitment_number: int = Field(ge=1)
    commitment_title: str = Field(max_length=300)
    version: int = Field(ge=1)
    published_at: AwareDatetime
    # A roadmap is published (or amended) only complete: every required element is there.
    responsible_public_servant: Person
    responsible_cso_person: Person
    final_result: str = Field(min_length=1, max_length=5000)
    expected_products: list[str] = Field(min_length=1)
    indicators: list[str] = Field(min_length=1)
    means_of_verification: list[str] = Field(min_length=1)
    start_date: date
    end_date: date
    members: list[Member]
    key_actions: list[KeyAction] = Field(min_length=1)


class RoadmapAmended(RoadmapPublished):
    """``roadmaps.roadmap.amended.v1``: a new version of a published roadmap; the payload
    of :class:`RoadmapPublished` plus the ``amendment``.

    Produced by roadmaps (``roadmap.service.record_publication``); consumed by tracking
    (``activities.service.record_roadmap``)."""

    amendment: Amendment


class MemberChanged(Payload):
    commitment_id: Id
    plan_code: PlanCode
    member: Member


class MemberAdded(MemberChanged):
    """``roadmaps.working_group.member_added.v1``: someone joined a commitment's working
    group.

    Produced by roadmaps (``groups.service.add_member``); consumed by tracking
    (``activities.service.record_member_added``)."""


class MemberRemoved(MemberChanged):
    """``roadmaps.working_group.member_removed.v1``: someone left a working group.

    Produced by roadmaps (``groups.service.remove_member``); consumed by tracking
    (``activities.service.record_member_removed``)."""


class Attendance(Payload):
    women: NonNegativeInt
    men: NonNegativeInt
    other: NonNegativeInt
    total: NonNegativeInt


class MeetingRecorded(Payload):
    """``roadmaps.meeting.recorded.v1``: a working group's meeting (``kind``
    ``working_group``) or a plan's session of the forum or the Committee (``commitment_id``
    and ``commitment_number`` null), with attendance counts and the minutes' link.

    Produced by roadmaps (``meetings.service``, payload built by ``meeting_payload``);
    consumed by tracking (``compliance.service.record_meeting``)."""

    meeting_id: Id
    plan_code: PlanCode
    commitment_id: str | None = Field(max_length=64)
    commitment_number: int | None = Field(ge=1)
    held_on: date
    kind: MeetingKind
    minutes_url: str | None = Field(default=None, max_length=500)  # added later: optional
    attendees_by_sector: dict[MeetingSector, Attendance]
    attendees_total: NonNegativeInt
    with_civil_society: bool


TOPICS = {
    COMMITMENT_PUBLISHED: CommitmentPublished,
    DRAFT_PLAN_PUBLISHED: DraftPlanPublished,
    ROADMAP_PUBLISHED: RoadmapPublished,
    ROADMAP_AMENDED: RoadmapAmended,
    MEMBER_ADDED: MemberAdded,
    MEMBER_REMOVED: MemberRemoved,
    MEETING_RECORDED: MeetingRecorded,
}
