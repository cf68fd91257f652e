"""Events the consultation service publishes: ``consultation.<entity>.<verb>.v<n>``."""

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, Field, NonNegativeInt

from contracts.payload import NotificationRequest, Payload
from reference.states import STATE_CODE_PATTERN

PROCESS_CREATED = "consultation.process.created.v1"
THEME_PROMOTED = "consultation.theme.promoted.v1"
NOTIFICATION_REQUESTED = "consultation.notification.requested.v1"
RESPONSES_TALLIED = "consultation.responses.tallied.v1"


class Phase(Payload):
    key: str = Field(min_length=1, max_length=40)
    order: int = Field(ge=1)
    name_es: str
    starts_on: date
    ends_on: date


class ProcessCreated(Payload):
    """``consultation.process.created.v1``: a co-creation process and its phases.

    Produced by consultation (``processes.service.create_process``); no process
    subscribes to it today (it is written to no outbox unless a destination is routed)."""

    process_id: str = Field(min_length=1, max_length=32)
    plan_code: str = Field(min_length=1, max_length=40)
    title: str
    level: Literal["federal", "state"]
    state_code: str | None = Field(pattern=STATE_CODE_PATTERN)
    phases: list[Phase]


class SourceTopic(Payload):
    topic_id: str = Field(min_length=1, max_length=32)
    title: str


class ThemePromoted(Payload):
    """``consultation.theme.promoted.v1``: the Committee promoted a theme to a commitment
    proposal.

    Produced by consultation (``systematization.service.promote_theme``); consumed by
    roadmaps (``commitments.consultation.on_theme_promoted``), which creates a draft
    commitment that keeps ``theme_id`` and ``source_topics``. ``areas`` are the theme's as
    typed (free words; roadmaps keeps those it knows); ``demo``: a theme of a demonstration
    process."""

    theme_id: str = Field(min_length=1, max_length=64)
    process_id: str = Field(min_length=1, max_length=64)
    plan_code: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1)
    description: str
    areas: list[str] = Field(max_length=10)
    source_topics: list[SourceTopic]
    demo: bool = False  # added later: false when absent


class NotificationRequested(NotificationRequest):
    """``consultation.notification.requested.v1``: e-mail a person about their
    contribution.

    Produced by consultation (``responses.notify.notify``); consumed by the gateway
    (``gateway.events.handlers``), which e-mails it. ``subject`` is cut at 200 characters,
    ``body`` at 2,000."""

    body: str = Field(max_length=2000)


class Share(Payload):
    total: NonNegativeInt
    answered: NonNegativeInt


class ResponsesTallied(Payload):
    """``consultation.responses.tallied.v1``: how many of a process's contributions have a
    published, reasoned answer.

    Produced by consultation (``responses.tally.announce``) after any change to the
    contributions or their answers; consumed by tracking (``compliance.service.
    record_tally``), which keeps the newest per plan (``computed_at``)."""

    process_id: str = Field(min_length=1, max_length=32)
    plan_code: str = Field(min_length=1, max_length=40)
    computed_at: AwareDatetime
    contributions: NonNegativeInt
    answered: NonNegativeInt
    topics: Share
    comments: Share


TOPICS = {
    PROCESS_CREATED: ProcessCreated,
    THEME_PROMOTED: ThemePromoted,
    NOTIFICATION_REQUESTED: NotificationRequested,
    RESPONSES_TALLIED: ResponsesTallied,
}
