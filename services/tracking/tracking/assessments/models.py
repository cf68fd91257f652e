"""Self-assessment by the Committee, IRM assessments and indicators.

Keyed by plan code and commitment number (not the roadmaps id) so that the demo loader
and the Committee can record them whatever order the commitments' events arrive in.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field

from tracking.db import TrackingModel, now


class SelfAssessment(TrackingModel, table=True):
    __tablename__ = "self_assessment"

    plan_code: str = Field(primary_key=True, max_length=40)
    number: int = Field(primary_key=True)
    status: str = Field(max_length=20)
    inactive_reason: str | None = Field(default=None, max_length=2000)
    inactive_since: date | None = None
    note: str | None = Field(default=None, max_length=2000)
    set_by: str | None = Field(default=None, max_length=80)
    set_at: datetime = Field(default_factory=now)


class IrmAssessment(TrackingModel, table=True):
    __tablename__ = "irm_assessment"
    __table_args__ = (Index("ix_irm_assessment_commitment", "plan_code", "number"),)

    id: str = Field(primary_key=True, max_length=64)
    plan_code: str = Field(max_length=40)
    number: int
    report_type: str = Field(max_length=20)
    report_name: str = Field(default="", max_length=300)
    assessed_on: date | None = None
    verifiable: bool | None = None
    relevance: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    potential_impact: str | None = Field(default=None, max_length=20)
    completion: str | None = Field(default=None, max_length=20)
    did_it_open_government: str | None = Field(default=None, max_length=20)
    comment: str | None = Field(default=None, max_length=5000)
    recorded_by: str | None = Field(default=None, max_length=80)
    recorded_at: datetime = Field(default_factory=now)


class Indicator(TrackingModel, table=True):
    """A figure that shows a commitment's result (e.g. the ITRN per sector)."""

    __tablename__ = "indicator"
    __table_args__ = (Index("ix_indicator_commitment", "plan_code", "number"),)

    id: str = Field(primary_key=True, max_length=120)
    plan_code: str = Field(max_length=40)
    number: int
    key: str = Field(max_length=60)
    name: str = Field(max_length=300)
    label: str = Field(default="", max_length=120)
    scale: str | None = Field(default=None, max_length=40)
    baseline: float | None = None
    result: float | None = None
    target: float | None = None
    meets_target: bool | None = None
    source: str | None = Field(default=None, max_length=120)
