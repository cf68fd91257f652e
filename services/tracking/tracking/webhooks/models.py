"""Agencies' webhook subscriptions."""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field

from tracking.db import TrackingModel, now


class Webhook(TrackingModel, table=True):
    __tablename__ = "webhook"

    id: str = Field(primary_key=True, max_length=32)
    owner_sub: str = Field(max_length=80, index=True)
    url: str = Field(max_length=500)
    # Encrypted with a key derived from the internal secret: the relay needs it in clear
    # to sign deliveries, so it cannot be a one-way hash.
    secret_encrypted: str = Field(max_length=500)
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    active: bool = True
    created_at: datetime = Field(default_factory=now)
