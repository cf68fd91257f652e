"""The published commitments tracking keeps, and each plan's change counter."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field

from tracking.db import TrackingModel, now


class TrackedCommitment(TrackingModel, table=True):
    """A published commitment as the roadmaps service announced it, kept for tracking."""

    __tablename__ = "tracked_commitment"
    __table_args__ = (Index("ix_tracked_commitment_plan_number", "plan_code", "number"),)

    commitment_id: str = Field(primary_key=True, max_length=64)  # the roadmaps id
    plan_code: str = Field(max_length=40)
    number: int
    slug: str = Field(max_length=80)
    title: str = Field(max_length=300)
    problem: str = Field(default="", max_length=5000)
    summary: str = Field(default="", max_length=5000)
    lead_institutions: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    cso_coresponsible: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    areas: list[str] | None = Field(default=None, sa_column=Column(JSON))
    supporting_institutions: list[str] | None = Field(default=None, sa_column=Column(JSON))
    cso_accompanying: list[str] | None = Field(default=None, sa_column=Column(JSON))
    published_at: datetime | None = None
    # Demonstration data (the commitment's event says so).
    demo: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # The event this copy comes from: an older event arriving late never overwrites it.
    source_event_id: str = Field(max_length=32)
    source_occurred_at: datetime | None = None
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)


class PlanState(TrackingModel, table=True):
    """A per-plan change counter, bumped in the same transaction as any change that shows on
    the plan's public pages: the ETag of those pages, and the key of the dashboard cache."""

    __tablename__ = "plan_state"

    plan_code: str = Field(primary_key=True, max_length=40)
    version: int = 0
    changed_at: datetime = Field(default_factory=now)


class PublicDataChange(TrackingModel, table=True):
    """A day on which the plan's public data changed (written with every bump): the
    evidence of how often the public repository is actually updated."""

    __tablename__ = "public_data_change"

    plan_code: str = Field(primary_key=True, max_length=40)
    changed_on: date = Field(primary_key=True)
