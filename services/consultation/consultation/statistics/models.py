"""What each person declared when they took part in a process, kept with the participation.

Written once, on the person's first vote or proposal in the process (a paper questionnaire
is a person of its own), from the demographics they had given then; statistics read only
this, so editing or deleting a profile later never changes a process's published figures.
"""

from datetime import datetime

from sqlmodel import Field

from consultation.db import ConsultationModel, utcnow


class Participation(ConsultationModel, table=True):
    """One person in one process, with the bands they declared at the time (or none)."""

    __tablename__ = "participation"

    process_id: str = Field(primary_key=True, foreign_key="process.id", max_length=32)
    person_key: str = Field(primary_key=True, max_length=128)
    channel: str = Field(max_length=12)  # online | territorial
    state_code: str | None = Field(default=None, max_length=2)
    gender: str | None = Field(default=None, max_length=20)
    age_band: str | None = Field(default=None, max_length=10)
    sector: str | None = Field(default=None, max_length=20)
    recorded_at: datetime = Field(default_factory=utcnow)
