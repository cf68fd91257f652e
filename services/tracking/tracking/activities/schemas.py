"""Payloads of the roadmaps events this service consumes (docs/EVENTS.md), and reads."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from reference.sectors import Sector
from reference.statuses import ActivityStatus


class _Payload(BaseModel):
    # Unknown fields are ignored so the publisher can add some without breaking us.
    model_config = ConfigDict(extra="ignore")


class Person(_Payload):
    account_id: str | None = Field(default=None, max_length=80)
    name: str = Field(default="", max_length=200)
    organization: str | None = Field(default="", max_length=300)


class Member(_Payload):
    account_id: str = Field(min_length=1, max_length=80)
    name: str = Field(default="", max_length=200)
    sector: Sector
    group_role: str | None = Field(default="", max_length=60)
    organization: str | None = Field(default="", max_length=300)


class ActivityIn(_Payload):
    activity_id: str = Field(min_length=1, max_length=64)
    order: int = 0
    title: str = Field(max_length=500)
    start_date: date | None = None
    end_date: date | None = None
    indicator: str | None = Field(default="", max_length=1000)
    means_of_verification: str | None = Field(default="", max_length=1000)
    # Why a version moves the activity's dates, in public words (absent: the amendment's).
    reschedule_reason: str | None = Field(default="", max_length=1000)


class KeyActionIn(_Payload):
    key_action_id: str = Field(min_length=1, max_length=64)
    order: int = 0
    title: str = Field(max_length=500)
    weight: float = Field(ge=0, le=100)
    responsible_institution: str | None = Field(default="", max_length=300)
    activities: list[ActivityIn] = Field(default_factory=list)


class Amendment(_Payload):
    justification: str = Field(default="", max_length=5000)
    previous_version: int | None = None


class RoadmapPublished(_Payload):
    """``roadmaps.roadmap.published.v1`` and ``.amended.v1`` (which adds ``amendment``)."""

    roadmap_id: str = Field(min_length=1, max_length=64)
    commitment_id: str = Field(min_length=1, max_length=64)
    plan_code: str = Field(min_length=1, max_length=40)
    commitment_number: int = Field(ge=1)
    commitment_title: str = Field(default="", max_length=300)
    version: int = Field(ge=1)
    published_at: datetime | None = None
    responsible_public_servant: Person | None = None
    responsible_cso_person: Person | None = None
    final_result: str | None = Field(default="", max_length=5000)
    expected_products: list[str] = Field(default_factory=list)
    indicators: list[str] = Field(default_factory=list)
    means_of_verification: list[str] = Field(default_factory=list)
    start_date: date | None = None
    end_date: date | None = None
    members: list[Member] = Field(default_factory=list)
    key_actions: list[KeyActionIn] = Field(default_factory=list)
    amendment: Amendment | None = None


class MemberChanged(_Payload):
    """``roadmaps.working_group.member_added.v1`` / ``member_removed.v1``."""

    commitment_id: str = Field(min_length=1, max_length=64)
    plan_code: str = Field(min_length=1, max_length=40)
    member: Member


class RescheduleRead(BaseModel):
    """One change of an activity's dates, as published."""

    roadmap_version: int = Field(description="Versión de la hoja de ruta que hizo el cambio.")
    changed_at: datetime | None = Field(description="Cuándo se publicó el cambio.")
    previous_start_date: date | None
    previous_end_date: date | None
    start_date: date | None
    end_date: date | None
    reason: str = Field(description="Explicación pública de la parte responsable.")


class ActivityRead(BaseModel):
    id: str
    order: int
    title: str
    start_date: date | None = Field(description="Fecha de inicio vigente.")
    end_date: date | None = Field(description="Fecha de término vigente (la que vence).")
    original_start_date: date | None = Field(
        default=None, description="Inicio según la primera versión publicada."
    )
    original_end_date: date | None = Field(
        default=None, description="Término según la primera versión publicada."
    )
    rescheduled: bool = Field(default=False, description="Sus fechas cambiaron desde entonces.")
    reschedules: list[RescheduleRead] = Field(
        default_factory=list, description="Cada cambio de fechas, del más antiguo al último."
    )
    indicator: str
    means_of_verification: str
    status: ActivityStatus
    status_changed_at: datetime | None


class DetailActivityRead(ActivityRead):
    """An activity on the commitment's page (``GET /commitments/{id}``)."""

    overdue: bool = Field(
        default=False,
        description="Vencida: pasó su fecha de término vigente (hora de la Ciudad de México) "
        "sin completarse.",
    )


class DetailKeyActionRead(BaseModel):
    id: str
    order: int
    title: str
    weight: float = Field(description="Peso en porcentaje; los pesos del compromiso suman 100.")
    responsible_institution: str = ""
    activities: list[DetailActivityRead]


class KeyActionRead(BaseModel):
    id: str
    order: int
    title: str
    weight: float = Field(description="Peso en porcentaje; los pesos del compromiso suman 100.")
    activities: list[ActivityRead]


class MemberRead(BaseModel):
    name: str
    sector: Sector
    group_role: str
    organization: str


class RoadmapVersionRead(BaseModel):
    version: int
    kind: Literal["published", "amended"]
    received_at: datetime
    justification: str | None
    content: dict = Field(description="La versión tal como se publicó.")
