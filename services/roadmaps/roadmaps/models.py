"""Tables of the roadmaps database (its own SQLModel registry and metadata)."""

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from kit.tables import install_kit_tables


class RoadmapsModel(SQLModel, registry=registry()):
    """Base of every table in this service's database."""


kit_tables = install_kit_tables(RoadmapsModel.metadata)


def _now() -> datetime:
    return datetime.now(UTC)


def _id() -> str:
    return uuid4().hex


class CommitmentBase(RoadmapsModel):
    plan_code: str = Field(max_length=40, index=True)
    number: int = Field(ge=1, le=999)
    slug: str = Field(max_length=80)
    title: str = Field(max_length=300)
    problem: str = Field(default="", max_length=5000)
    summary: str = Field(default="", max_length=5000)


class Commitment(CommitmentBase, table=True):
    __tablename__ = "commitment"
    __table_args__ = (UniqueConstraint("plan_code", "number"),)

    id: str = Field(default_factory=_id, primary_key=True, max_length=32)
    status: str = Field(default="draft", max_length=20)  # draft | published
    lead_institutions: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    cso_coresponsible: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=_now)
    updated_at: datetime = Field(default_factory=_now)
    published_at: datetime | None = None
