"""Open feedback: the draft plan's commitments and the public's comments on them."""

from datetime import datetime

from sqlmodel import Field

from consultation.db import ConsultationModel, new_id, utcnow


class FeedbackItem(ConsultationModel, table=True):
    """One draft commitment open for comment (from ``roadmaps.draft_plan.published.v1``)."""

    __tablename__ = "feedback_item"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    plan_code: str = Field(max_length=40, index=True)
    commitment_id: str = Field(max_length=64, unique=True)
    number: int
    title: str = Field(max_length=300)
    problem: str = Field(default="", max_length=5000)
    summary: str = Field(default="", max_length=5000)
    published_at: datetime = Field(default_factory=utcnow)
    comments_count: int = Field(default=0)


class FeedbackComment(ConsultationModel, table=True):
    __tablename__ = "feedback_comment"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    item_id: str = Field(foreign_key="feedback_item.id", max_length=32, index=True)
    process_id: str = Field(foreign_key="process.id", max_length=32, index=True)
    author_id: str | None = Field(default=None, max_length=80, index=True)
    author_name: str | None = Field(default=None, max_length=120)
    body: str = Field(max_length=4000)
    created_at: datetime = Field(default_factory=utcnow)
