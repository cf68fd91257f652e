"""Progress updates on activities and their evidence files."""

from datetime import datetime
from typing import Literal

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field

from tracking.db import TrackingModel, now

# Where an update stands: waiting for validation, returned with a reason, or public.
UpdateState = Literal["pending", "rejected", "published"]
# At most one pending update per activity, decided by the database (a partial unique index).
_PENDING = text("state = 'pending'")
ONE_PENDING_INDEX = "uq_progress_update_one_pending"


class ProgressUpdate(TrackingModel, table=True):
    """One report of progress; public only once the CSO side and the Committee validated it."""

    __tablename__ = "progress_update"
    __table_args__ = (
        Index(
            ONE_PENDING_INDEX,
            "activity_id",
            unique=True,
            postgresql_where=_PENDING,
            sqlite_where=_PENDING,
        ),
    )

    id: str = Field(primary_key=True, max_length=32)
    commitment_id: str = Field(max_length=64, index=True)
    plan_code: str = Field(max_length=40, index=True)
    activity_id: str = Field(max_length=64, index=True)
    revision: int = 1
    # The rejected update this one resubmits (a new revision, the old one stays).
    resubmission_of: str | None = Field(default=None, max_length=32)
    author_sub: str = Field(max_length=80)
    author_name: str = Field(default="", max_length=200)
    new_status: str = Field(max_length=20)
    narrative: str = Field(max_length=5000)
    links: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    state: str = Field(default="pending", max_length=20)
    submitted_at: datetime = Field(default_factory=now)
    cso_validated_by: str | None = Field(default=None, max_length=80)
    cso_validated_at: datetime | None = None
    committee_validated_by: str | None = Field(default=None, max_length=80)
    committee_validated_at: datetime | None = None
    rejected_by: str | None = Field(default=None, max_length=80)
    rejected_side: str | None = Field(default=None, max_length=20)
    rejection_reason: str | None = Field(default=None, max_length=2000)
    rejected_at: datetime | None = None
    published_at: datetime | None = Field(default=None, index=True)


class UpdateEvidence(TrackingModel, table=True):
    """A file kept outside the database (content-addressed by its SHA-256)."""

    __tablename__ = "update_evidence"

    id: str = Field(primary_key=True, max_length=32)
    update_id: str = Field(max_length=32, index=True)
    file_name: str = Field(max_length=200)
    content_type: str = Field(max_length=120)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_by: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=now)
