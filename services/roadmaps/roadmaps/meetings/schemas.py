"""Request and response bodies of the meetings domain."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from kit.jsontypes import JsonDate
from kit.pagination import Page
from reference.sectors import MeetingSector

Count = Annotated[int, Field(ge=0, le=10000)]
Agreement = Annotated[str, Field(min_length=1, max_length=1000)]

_MEETING = {
    "held_on": "2020-02-11",
    "attendance": [
        {"sector": "government", "women": 3, "men": 2, "other": 0},
        {"sector": "cso", "women": 2, "men": 1, "other": 0},
        {"sector": "inai", "women": 1, "men": 0, "other": 0},
    ],
    "minutes": "Se presentó el avance de la acción clave 1 y se acordó el calendario.",
    "agreements": ["Publicar la minuta en el micrositio", "Siguiente sesión el 10 de marzo"],
}


class AttendanceCount(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sector: MeetingSector
    women: Count = 0
    men: Count = 0
    other: Count = Field(default=0, description="Otras identidades o no declarado.")


class MeetingCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [_MEETING]}
    )

    held_on: JsonDate
    attendance: list[AttendanceCount] = Field(min_length=1, max_length=5)
    minutes: str = Field(min_length=3, max_length=20000)
    agreements: list[Agreement] = Field(default_factory=list, max_length=100)


class PlanMeetingCreate(MeetingCreate):
    """A session of the multi-stakeholder forum or of the Coordinating Committee: minutes
    are required (the OGP minimum counts sessions that publish what was agreed)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                _MEETING
                | {"kind": "forum", "minutes_url": "https://gobiernoabierto.mx/minutas/2020-02.pdf"}
            ]
        },
    )

    kind: Literal["forum", "committee"]
    minutes_url: str | None = Field(default=None, max_length=500, pattern=r"^https?://")


class MeetingRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                _MEETING
                | {
                    "id": "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f",
                    "plan_code": "MX-4PA",
                    "kind": "working_group",
                    "commitment_id": "5f0c6b1e9d7a4c2b8e3f1a6d9c0b7e21",
                    "total_attendees": 9,
                    "recorded_by": "a3f9c2d17e5b4c8f9a0b1c2d3e4f5a6b",
                    "created_at": "2020-02-11T19:00:00+00:00",
                }
            ]
        },
    )

    id: str
    plan_code: str
    kind: str = Field(description="working_group, forum o committee.")
    commitment_id: str | None
    held_on: JsonDate
    attendance: list[AttendanceCount]
    total_attendees: int
    minutes: str
    minutes_url: str | None = None
    agreements: list[str]
    recorded_by: str | None
    created_at: datetime


MeetingList = Page[MeetingRead]


class AttendanceTotals(BaseModel):
    total: int = 0
    women: int = 0
    men: int = 0
    other: int = 0
    by_sector: dict[str, int] = Field(default_factory=dict)


class MeetingCount(BaseModel):
    commitment_id: str | None = Field(description="Vacío en los totales del plan por año.")
    commitment_number: int | None
    year: int
    meetings: int
    meetings_with_cso: int = Field(description="Reuniones con asistencia de sociedad civil.")
    attendees: AttendanceTotals


class MeetingStats(BaseModel):
    """Meetings per commitment and year, and the plan's totals per year."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "plan_code": "MX-4PA",
                    "by_commitment": [
                        {
                            "commitment_id": "5f0c6b1e9d7a4c2b8e3f1a6d9c0b7e21",
                            "commitment_number": 1,
                            "year": 2020,
                            "meetings": 12,
                            "meetings_with_cso": 11,
                            "attendees": {"total": 96, "women": 50, "men": 46, "other": 0},
                        }
                    ],
                    "by_year": [],
                }
            ]
        }
    )

    plan_code: str
    by_commitment: list[MeetingCount]
    by_year: list[MeetingCount]
