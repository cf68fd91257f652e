"""Themes: the Committee's grouping of topics, published and promoted to commitments."""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field

from consultation.db import ConsultationModel, new_id, utcnow

THEME_STATUSES = ("draft", "published", "promoted")


class Theme(ConsultationModel, table=True):
    __tablename__ = "theme"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    process_id: str = Field(foreign_key="process.id", max_length=32, index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="draft", max_length=12)
    # Known once roadmaps reports the commitment created from this theme.
    commitment_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None
    promoted_at: datetime | None = None


class ThemeTopic(ConsultationModel, table=True):
    """A topic belongs to at most one theme: the topic id alone is the primary key."""

    __tablename__ = "theme_topic"

    topic_id: str = Field(primary_key=True, foreign_key="topic.id", max_length=32)
    theme_id: str = Field(foreign_key="theme.id", max_length=32, index=True, ondelete="CASCADE")
    added_at: datetime = Field(default_factory=utcnow)
