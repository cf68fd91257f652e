"""Meetings (from roadmaps events) and the Committee's figures for the OGP minimums."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from tracking.db import TrackingModel, now


class Meeting(TrackingModel, table=True):
    """A meeting as roadmaps recorded it: ``kind`` is working_group, forum or committee."""

    __tablename__ = "meeting"

    meeting_id: str = Field(primary_key=True, max_length=64)
    plan_code: str = Field(max_length=40, index=True)
    commitment_id: str | None = Field(default=None, max_length=64)
    held_on: date
    kind: str = Field(max_length=40)
    attendees_by_sector: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    with_civil_society: bool = False
    minutes_url: str | None = Field(default=None, max_length=500)
    received_at: datetime = Field(default_factory=now)


class ContributionTally(TrackingModel, table=True):
    """The consultation's own count of contributions and of those with a published,
    reasoned answer (``consultation.responses.tallied.v1``): the newest one per plan."""

    __tablename__ = "contribution_tally"

    plan_code: str = Field(primary_key=True, max_length=40)
    process_id: str = Field(max_length=32)
    contributions: int
    answered: int
    by_kind: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    computed_at: datetime
    event_id: str = Field(max_length=64)


class ComplianceInput(TrackingModel, table=True):
    """Dates no event carries yet, entered by the Committee. ``contributions_*`` are the
    figures once typed in here; they are kept but no longer read (ContributionTally)."""

    __tablename__ = "compliance_input"

    plan_code: str = Field(primary_key=True, max_length=40)
    period_starts_on: date | None = None
    period_ends_on: date | None = None
    timeline_published_on: date | None = None
    cocreation_starts_on: date | None = None
    contributions_total: int | None = None
    contributions_answered: int | None = None
    forum_rules_url: str | None = Field(default=None, max_length=500)
    updated_by: str | None = Field(default=None, max_length=80)
    updated_at: datetime = Field(default_factory=now)
