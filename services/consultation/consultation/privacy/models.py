"""Demographics, given with consent and kept apart from the contributions."""

from datetime import datetime

from sqlmodel import Field

from consultation.db import ConsultationModel, utcnow


class Demographics(ConsultationModel, table=True):
    """Optional answers for the participation statistics; published only as aggregates."""

    __tablename__ = "demographics"

    account_id: str = Field(primary_key=True, max_length=80)
    voter_key: str = Field(max_length=128, index=True)
    gender: str | None = Field(default=None, max_length=20)
    age_band: str | None = Field(default=None, max_length=10)
    sector: str | None = Field(default=None, max_length=20)
    state_code: str | None = Field(default=None, max_length=2)
    consent_version: str = Field(max_length=40)
    updated_at: datetime = Field(default_factory=utcnow)
