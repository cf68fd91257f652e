"""Votes and the CURP registrations that some processes require before voting.

Votes are their own record (who, which topic, when, through which channel); they write no
audit row each, because the vote row already is that record and the hot path stays lean.
"""

from datetime import datetime

from sqlmodel import Field

from consultation.db import ConsultationModel, utcnow


class Vote(ConsultationModel, table=True):
    """One person's vote on one topic; the primary key makes a second one impossible."""

    __tablename__ = "vote"

    topic_id: str = Field(primary_key=True, foreign_key="topic.id", max_length=32)
    voter_key: str = Field(primary_key=True, max_length=128, index=True)
    process_id: str = Field(max_length=32)
    account_id: str | None = Field(default=None, max_length=80)
    channel: str = Field(default="online", max_length=12)
    created_at: datetime = Field(default_factory=utcnow)


class VoterTally(ConsultationModel, table=True):
    """Votes a person has cast in a process; kept only when the process caps them."""

    __tablename__ = "voter_tally"

    process_id: str = Field(primary_key=True, foreign_key="process.id", max_length=32)
    voter_key: str = Field(primary_key=True, max_length=128)
    votes: int = Field(default=0)


class CurpRegistration(ConsultationModel, table=True):
    """Proof that an account holds a valid CURP: only a keyed hash is stored, never the
    CURP; the hash is unique, so one CURP backs one account."""

    __tablename__ = "curp_registration"

    account_id: str = Field(primary_key=True, max_length=80)
    curp_hash: str = Field(max_length=64, unique=True)
    registered_at: datetime = Field(default_factory=utcnow)


class CurpVote(ConsultationModel, table=True):
    """In a process that requires a CURP, the CURP (as its keyed hash) behind each vote: the
    primary key lets one CURP cast one vote per topic, whatever account or e-mail it comes
    from. Kept when the account is deleted (only the hash: the privacy notice says so)."""

    __tablename__ = "curp_vote"

    topic_id: str = Field(primary_key=True, foreign_key="topic.id", max_length=32)
    curp_hash: str = Field(primary_key=True, max_length=64)
    voter_key: str = Field(max_length=128, index=True)
