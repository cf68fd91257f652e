"""The tables of a co-creation process and its phases."""

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Relationship

from consultation.db import ConsultationModel, new_id, utcnow


class Process(ConsultationModel, table=True):
    """The co-creation process of one action plan (federal, or of one state)."""

    __tablename__ = "process"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    plan_code: str = Field(max_length=40, unique=True)
    title: str = Field(max_length=300)
    level: str = Field(max_length=10)  # federal | state
    state_code: str | None = Field(default=None, max_length=2)  # INEGI 01..32, state plans
    # First and last day of the whole process, kept for ordering and listing.
    starts_on: date = Field(index=True)
    ends_on: date
    # Voting rules of this process: a cap of votes per person (None: one per topic, no cap)
    # and whether a person must have registered a valid CURP before voting.
    votes_per_person: int | None = Field(default=None, ge=1)
    requires_curp: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # Loaded by the development demo: everything of this process is demonstration data.
    demo: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    phases: list["Phase"] = Relationship(
        back_populates="process",
        sa_relationship_kwargs={
            "order_by": "Phase.order",
            "lazy": "selectin",
            "cascade": "all, delete-orphan",
        },
    )


class Phase(ConsultationModel, table=True):
    """One dated phase of a process; open on its days, inclusive, in Mexico City."""

    __tablename__ = "phase"
    __table_args__ = (UniqueConstraint("process_id", "order"),)

    process_id: str = Field(
        foreign_key="process.id", primary_key=True, max_length=32, ondelete="CASCADE"
    )
    key: str = Field(primary_key=True, max_length=40)
    order: int = Field(ge=1)
    name_es: str = Field(max_length=120)
    starts_on: date
    ends_on: date

    process: Process | None = Relationship(back_populates="phases")
