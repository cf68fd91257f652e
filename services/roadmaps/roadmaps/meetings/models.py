"""Tables of the meetings domain."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from roadmaps.db import RoadmapsModel, new_id, utcnow


class Meeting(RoadmapsModel, table=True):
    __tablename__ = "meeting"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    commitment_id: str = Field(foreign_key="commitment.id", index=True, max_length=32)
    held_on: date = Field(index=True)
    # [{sector, women, men, other}]: counts only, never who attended.
    attendance: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    minutes: str = Field(max_length=20000)
    agreements: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    recorded_by: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(default_factory=utcnow)
