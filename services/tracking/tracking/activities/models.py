"""Roadmaps as tracking receives them: versions, key actions, activities, working groups."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field

from tracking.db import TrackingModel, now


class TrackedRoadmap(TrackingModel, table=True):
    """The roadmap version in force for one commitment."""

    __tablename__ = "tracked_roadmap"

    commitment_id: str = Field(primary_key=True, max_length=64)
    roadmap_id: str = Field(max_length=64)
    plan_code: str = Field(max_length=40, index=True)
    version: int
    published_at: datetime | None = None
    responsible_public_servant: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    responsible_cso_person: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    final_result: str = Field(default="", max_length=5000)
    expected_products: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    indicators: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    means_of_verification: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    start_date: date | None = None
    end_date: date | None = None
    updated_at: datetime = Field(default_factory=now)


class RoadmapVersion(TrackingModel, table=True):
    """Every received version, kept as published so superseded roadmaps stay readable."""

    __tablename__ = "roadmap_version"

    roadmap_id: str = Field(primary_key=True, max_length=64)
    version: int = Field(primary_key=True)
    commitment_id: str = Field(max_length=64, index=True)
    topic: str = Field(max_length=120)
    justification: str | None = Field(default=None, max_length=5000)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    event_id: str = Field(max_length=32)
    received_at: datetime = Field(default_factory=now)


class KeyAction(TrackingModel, table=True):
    __tablename__ = "key_action"

    key_action_id: str = Field(primary_key=True, max_length=64)
    commitment_id: str = Field(max_length=64, index=True)
    order: int = 0
    title: str = Field(max_length=500)
    weight: float = 0.0
    responsible_institution: str = Field(
        default="", max_length=300, sa_column_kwargs={"server_default": ""}
    )
    # False once an amendment drops it: kept for history, out of progress.
    current: bool = True


class Activity(TrackingModel, table=True):
    __tablename__ = "activity"

    activity_id: str = Field(primary_key=True, max_length=64)
    key_action_id: str = Field(max_length=64, index=True)
    commitment_id: str = Field(max_length=64, index=True)
    order: int = 0
    title: str = Field(max_length=500)
    start_date: date | None = None
    end_date: date | None = None
    indicator: str = Field(default="", max_length=1000)
    means_of_verification: str = Field(default="", max_length=1000)
    status: str = Field(default="por_iniciar", max_length=20)
    status_changed_at: datetime | None = None
    current: bool = True
    # The dates of the first published version that had the activity; a later version that
    # moves them leaves these as they were and records an ActivityReschedule.
    original_start_date: date | None = None
    original_end_date: date | None = None
    # The version those dates came from (None: carried over, unknown); an older version
    # arriving late moves the original dates back to it.
    original_version: int | None = None


class ActivityReschedule(TrackingModel, table=True):
    """One change of an activity's dates by a later roadmap version, with the responsible
    party's public explanation (the activity's reason, else the amendment's justification)."""

    __tablename__ = "activity_reschedule"

    activity_id: str = Field(primary_key=True, max_length=64)
    roadmap_version: int = Field(primary_key=True)
    commitment_id: str = Field(max_length=64, index=True)
    previous_start_date: date | None = None
    previous_end_date: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    reason: str = Field(default="", max_length=5000)
    changed_at: datetime | None = None
    event_id: str = Field(max_length=32)


class WorkingGroupMember(TrackingModel, table=True):
    __tablename__ = "working_group_member"
    __table_args__ = (Index("ix_working_group_member_account", "account_id"),)

    commitment_id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(primary_key=True, max_length=80)
    name: str = Field(default="", max_length=200)
    sector: str = Field(max_length=20)
    group_role: str = Field(default="", max_length=60)
    organization: str = Field(default="", max_length=300)
    active: bool = True
    source_occurred_at: datetime | None = None
    updated_at: datetime = Field(default_factory=now)
