"""Topics: the public problems citizens propose, and the trigram index that finds similar ones."""

from datetime import datetime

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field

from consultation.db import ConsultationModel, new_id, utcnow


class Topic(ConsultationModel, table=True):
    """A citizen's proposal: a public problem, who it affects and a proposed solution."""

    __tablename__ = "topic"
    __table_args__ = (
        # The ranking and its keyset pagination: cost stays flat however many votes there are.
        Index("ix_topic_ranking", "process_id", text("votes_count DESC"), text("id DESC")),
        Index("ix_topic_recent", "process_id", text("created_at DESC"), text("id DESC")),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    process_id: str = Field(foreign_key="process.id", max_length=32)
    title: str = Field(max_length=200)
    problem: str = Field(max_length=4000)
    affected: str = Field(max_length=2000)
    solution: str = Field(max_length=4000)
    area: str = Field(max_length=40)
    sdg_tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    state_code: str = Field(max_length=2)
    channel: str = Field(max_length=12)  # online | territorial
    # The author's account and person (voter_key); None once the account is deleted.
    author_id: str | None = Field(default=None, max_length=80, index=True)
    author_key: str | None = Field(default=None, max_length=128)
    author_name: str | None = Field(default=None, max_length=120)
    # Territorial capture: the staff member who typed the paper questionnaire in.
    captured_by: str | None = Field(default=None, max_length=80)
    status: str = Field(default="published", max_length=12)
    merged_into_id: str | None = Field(default=None, max_length=32)
    votes_count: int = Field(default=0)
    reports_count: int = Field(default=0)
    # Accent-folded lower-case title + problem: the portable ``q`` filter.
    search_text: str = Field(default="", max_length=6500)
    trigram_count: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TopicTrigram(ConsultationModel, table=True):
    """Trigrams of a topic's normalised title: similar topics share many of them. Kept by
    this service on SQLite and PostgreSQL alike (no extension needed)."""

    __tablename__ = "topic_trigram"

    trigram: str = Field(primary_key=True, max_length=3)
    topic_id: str = Field(
        primary_key=True, foreign_key="topic.id", max_length=32, ondelete="CASCADE"
    )
    process_id: str = Field(max_length=32)


class TopicReport(ConsultationModel, table=True):
    """A report that a topic breaks the rules; one per person and topic."""

    __tablename__ = "topic_report"

    topic_id: str = Field(primary_key=True, foreign_key="topic.id", max_length=32)
    reporter_key: str = Field(primary_key=True, max_length=128)
    reporter_id: str | None = Field(default=None, max_length=80, index=True)
    reason: str = Field(max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class TopicFollower(ConsultationModel, table=True):
    """Someone who wants to hear what happens to a topic (its answer, its theme)."""

    __tablename__ = "topic_follower"

    topic_id: str = Field(primary_key=True, foreign_key="topic.id", max_length=32)
    account_id: str = Field(primary_key=True, max_length=80, index=True)
    created_at: datetime = Field(default_factory=utcnow)
