"""Tables of the commitments domain."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field

from roadmaps.db import RoadmapsModel, new_id, utcnow


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

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    status: str = Field(default="draft", max_length=20)  # draft | published
    # OGP template: what the commitment is (summary), how it solves the problem, and why
    # it matters for each OGP value it serves (value key -> explanation).
    how_it_solves: str = Field(default="", max_length=5000)
    ogp_values: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON))
    areas: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    sdg_targets: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # The rest of OGP's template, and the National Development Plan axis it aligns with.
    pnd_axis: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    risk_analysis: str = Field(default="", max_length=5000, sa_column_kwargs={"server_default": ""})
    gender_perspective: str = Field(
        default="", max_length=5000, sa_column_kwargs={"server_default": ""}
    )
    ambition: str = Field(default="", max_length=5000, sa_column_kwargs={"server_default": ""})
    short_term_objective: str = Field(
        default="", max_length=2000, sa_column_kwargs={"server_default": ""}
    )
    medium_term_objective: str = Field(
        default="", max_length=2000, sa_column_kwargs={"server_default": ""}
    )
    lead_institutions: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    supporting_institutions: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    cso_coresponsible: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    cso_accompanying: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    plan_level: str = Field(default="federal", max_length=10)  # federal | state
    state_code: str | None = Field(default=None, max_length=2)
    # Continuity: the commitment of an earlier plan this one carries on (the reverse link,
    # "continued by", is the query on this column).
    continues_commitment_id: str | None = Field(default=None, max_length=32, index=True)
    # Traceability: the consultation theme this commitment came from, and its topics.
    source_theme_id: str | None = Field(default=None, max_length=64, index=True, unique=True)
    source_process_id: str | None = Field(default=None, max_length=64)
    source_topics: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    # Demonstration data: born from a theme of a demo consultation process.
    demo: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None


class DraftPlanPublication(RoadmapsModel, table=True):
    """The draft plan put out for open feedback: once per plan, with what it contained."""

    __tablename__ = "draft_plan_publication"

    plan_code: str = Field(primary_key=True, max_length=40)
    published_at: datetime = Field(default_factory=utcnow)
    published_by: str | None = Field(default=None, max_length=80)
    commitments: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
