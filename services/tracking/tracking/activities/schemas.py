"""What tracking shows of the roadmaps it receives (their events' payloads are in
``contracts.roadmaps``)."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from reference.sectors import Sector
from reference.statuses import ActivityStatus


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
