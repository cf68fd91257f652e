"""Tables of the roadmap domain.

``roadmap`` holds the workflow state and the number of the current version (the
compare-and-swap target); the content lives in ``roadmap_version`` rows, which the database
refuses to update or delete (see the migrations), so history cannot be rewritten. The one
UPDATE it accepts is an account erasure (``kit.erasure``, under its permit): a person's name
becomes the label, in the authorship and in the content; nothing else may change.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKeyConstraint
from sqlmodel import Field

from roadmaps.db import RoadmapsModel, new_id, utcnow

STATUSES = ("draft", "in_review", "agreed", "published")


class Roadmap(RoadmapsModel, table=True):
    __tablename__ = "roadmap"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    commitment_id: str = Field(foreign_key="commitment.id", unique=True, max_length=32)
    status: str = Field(default="draft", max_length=20)
    version: int = Field(default=1)
    published_version: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None  # first publication


class RoadmapVersion(RoadmapsModel, table=True):
    __tablename__ = "roadmap_version"
    __table_args__ = {"info": {"append_only": True}}  # kit.erasure opens its permit

    roadmap_id: str = Field(primary_key=True, foreign_key="roadmap.id", max_length=32)
    version: int = Field(primary_key=True)
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    message: str = Field(max_length=500)
    kind: str = Field(default="edit", max_length=20)  # edit | amendment
    justification: str | None = Field(default=None, max_length=5000)
    author_sub: str | None = Field(default=None, max_length=80)
    author_role: str | None = Field(default=None, max_length=30)
    author_name: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class RoadmapPublication(RoadmapsModel, table=True):
    """A version that was made public; a later publication supersedes it (it stays public)."""

    __tablename__ = "roadmap_publication"
    __table_args__ = (
        ForeignKeyConstraint(
            ["roadmap_id", "version"], ["roadmap_version.roadmap_id", "roadmap_version.version"]
        ),
    )

    roadmap_id: str = Field(primary_key=True, max_length=32)
    version: int = Field(primary_key=True)
    kind: str = Field(max_length=20)  # initial | amendment
    justification: str | None = Field(default=None, max_length=5000)
    previous_version: int | None = None
    published_at: datetime = Field(default_factory=utcnow)
    published_by: str | None = Field(default=None, max_length=80)


class RoadmapSignOff(RoadmapsModel, table=True):
    """A responsible person's signature on one version (an edit makes it stale)."""

    __tablename__ = "roadmap_sign_off"
    __table_args__ = (
        ForeignKeyConstraint(
            ["roadmap_id", "version"], ["roadmap_version.roadmap_id", "roadmap_version.version"]
        ),
    )

    roadmap_id: str = Field(primary_key=True, max_length=32)
    version: int = Field(primary_key=True)
    role: str = Field(
        primary_key=True, max_length=40
    )  # responsible_public_servant | ..._cso_person
    account_id: str = Field(max_length=80)
    name: str = Field(default="", max_length=200)
    signed_at: datetime = Field(default_factory=utcnow)


class ReviewSession(RoadmapsModel, table=True):
    __tablename__ = "review_session"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    roadmap_id: str = Field(foreign_key="roadmap.id", index=True, max_length=32)
    held_on: date
    attendees: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    minutes: str = Field(max_length=20000)
    outcome: str = Field(max_length=2000)
    roadmap_version: int
    recorded_by: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(default_factory=utcnow)
