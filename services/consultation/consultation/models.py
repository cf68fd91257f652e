"""Tables of the consultation database (its own SQLModel registry and metadata)."""

from datetime import UTC, date, datetime
from uuid import uuid4

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, Relationship, SQLModel

from kit.tables import install_kit_tables


class ConsultationModel(SQLModel, registry=registry()):
    """Base of every table in this service's database."""


kit_tables = install_kit_tables(ConsultationModel.metadata)


def _now() -> datetime:
    return datetime.now(UTC)


def _id() -> str:
    return uuid4().hex


class Process(ConsultationModel, table=True):
    """The co-creation process of one action plan (federal, or of one state)."""

    __tablename__ = "process"

    id: str = Field(default_factory=_id, primary_key=True, max_length=32)
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
    created_at: datetime = Field(default_factory=_now)
    updated_at: datetime = Field(default_factory=_now)

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


# Every domain's tables register on the same metadata, so Alembic and the app see them all.
from consultation.feedback import models as _feedback  # noqa: E402, F401
from consultation.privacy import models as _privacy  # noqa: E402, F401
from consultation.responses import models as _responses  # noqa: E402, F401
from consultation.statistics import models as _statistics  # noqa: E402, F401
from consultation.systematization import models as _systematization  # noqa: E402, F401
from consultation.topics import models as _topics  # noqa: E402, F401
from consultation.votes import models as _votes  # noqa: E402, F401
