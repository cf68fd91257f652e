"""What tracking shows of the roadmaps it receives (their events' payloads are in
``contracts.roadmaps``)."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from reference.sectors import Sector
from reference.statuses import ActivityStatus


class ActivityRead(BaseModel):
    id: str
    order: int
    title: str
    start_date: date | None
    end_date: date | None
    indicator: str
    means_of_verification: str
    status: ActivityStatus
    status_changed_at: datetime | None


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
