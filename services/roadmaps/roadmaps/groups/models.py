"""Tables of the working-groups domain."""

from datetime import datetime

from sqlmodel import Field

from roadmaps.db import RoadmapsModel, utcnow


class WorkingGroup(RoadmapsModel, table=True):
    __tablename__ = "working_group"

    commitment_id: str = Field(primary_key=True, foreign_key="commitment.id", max_length=32)
    rules_of_operation: str = Field(default="", max_length=20000)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class WorkingGroupMember(RoadmapsModel, table=True):
    """A staff account in a group; ``account_id`` is the gateway account (token ``sub``)."""

    __tablename__ = "working_group_member"

    commitment_id: str = Field(
        primary_key=True, foreign_key="working_group.commitment_id", max_length=32
    )
    account_id: str = Field(primary_key=True, max_length=80, index=True)
    name: str = Field(max_length=200)
    organization: str = Field(default="", max_length=300)
    sector: str = Field(max_length=20)  # government | cso | inai
    group_role: str = Field(max_length=40)  # responsible_* | member
    added_at: datetime = Field(default_factory=utcnow)
    added_by: str | None = Field(default=None, max_length=80)
