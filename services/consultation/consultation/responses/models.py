"""Reasoned responses to every contribution, and the in-app notifications they cause."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from consultation.db import ConsultationModel, new_id, utcnow

SUBJECT_TYPES = ("topic", "comment", "progress")


class Response(ConsultationModel, table=True):
    """The public answer to one topic, draft-plan comment or progress comment: drafted,
    then published."""

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    process_id: str = Field(foreign_key="process.id", max_length=32, index=True)
    subject_type: str = Field(max_length=12)
    subject_id: str = Field(max_length=32)
    state: str = Field(max_length=16)
    justification: str = Field(max_length=4000)
    status: str = Field(default="draft", max_length=12)  # draft | published
    drafted_by: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None


class Notification(ConsultationModel, table=True):
    __tablename__ = "notification"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(max_length=80, index=True)
    kind: str = Field(max_length=40)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=2000)
    link: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
