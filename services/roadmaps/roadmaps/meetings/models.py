"""Tables of the meetings domain."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from roadmaps.db import RoadmapsModel, new_id, utcnow

MEETING_KINDS = ("working_group", "forum", "committee")


class Meeting(RoadmapsModel, table=True):
    """A working group's meeting (``commitment_id`` set), or a session of the plan's
    multi-stakeholder forum or of the Coordinating Committee (``commitment_id`` null)."""

    __tablename__ = "meeting"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    plan_code: str = Field(index=True, max_length=40)
    kind: str = Field(default="working_group", max_length=20)
    commitment_id: str | None = Field(
        default=None, foreign_key="commitment.id", index=True, max_length=32
    )
    held_on: date = Field(index=True)
    # [{sector, women, men, other}]: counts only, never who attended.
    attendance: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    minutes: str = Field(max_length=20000)
    minutes_url: str | None = Field(default=None, max_length=500)
    agreements: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    recorded_by: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(default_factory=utcnow)


def headcount(attendance: dict[str, Any]) -> int:
    """Everybody counted in one sector's line of a meeting's attendance."""
    return attendance["women"] + attendance["men"] + attendance["other"]
