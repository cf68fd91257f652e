"""Who follows which commitment, and their in-app notifications."""

from datetime import datetime

from sqlmodel import Field

from tracking.db import TrackingModel, now


class Follow(TrackingModel, table=True):
    __tablename__ = "follow"

    commitment_id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(primary_key=True, max_length=80, index=True)
    created_at: datetime = Field(default_factory=now)


class Notification(TrackingModel, table=True):
    __tablename__ = "notification"

    id: str = Field(primary_key=True, max_length=32)
    account_id: str = Field(max_length=80, index=True)
    kind: str = Field(max_length=60)
    subject: str = Field(max_length=300)
    body: str = Field(max_length=5000)
    link: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=now)
    read_at: datetime | None = None
