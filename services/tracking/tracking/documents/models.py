"""The Committee's narrative of a plan's documents, versioned.

``plan_narrative`` holds the current version (the compare-and-swap target) and its text;
``plan_narrative_version`` keeps every version ever saved, so an earlier document can be
rebuilt and compared.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from tracking.db import TrackingModel, now


class PlanNarrative(TrackingModel, table=True):
    __tablename__ = "plan_narrative"

    plan_code: str = Field(primary_key=True, max_length=40)
    version: int = 1
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_by: str | None = Field(default=None, max_length=80)
    updated_at: datetime = Field(default_factory=now)


class PlanNarrativeVersion(TrackingModel, table=True):
    __tablename__ = "plan_narrative_version"

    plan_code: str = Field(primary_key=True, max_length=40)
    version: int = Field(primary_key=True)
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    author_sub: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(default_factory=now)
