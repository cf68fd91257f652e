"""Bodies of the review workflow: review sessions and sign-offs."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from kit.jsontypes import JsonDate


class ReviewSessionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "held_on": "2019-08-12",
                    "attendee_ids": [
                        "a3f9c2d17e5b4c8f9a0b1c2d3e4f5a6b",
                        "b7e1d0c9f8a74b6e9d5c4b3a29180f7e",
                    ],
                    "minutes": "Se revisaron los indicadores y las fechas de cada acción clave.",
                    "outcome": "Se ajustan los pesos; siguiente sesión el 19 de agosto.",
                }
            ]
        },
    )

    held_on: JsonDate
    attendee_ids: list[str] = Field(
        min_length=1, max_length=100, description="Cuentas de integrantes del grupo que asistieron."
    )
    minutes: str = Field(min_length=3, max_length=20000, description="Minuta de la sesión.")
    outcome: str = Field(min_length=3, max_length=2000, description="Resultado o acuerdos.")


class AttendeeRead(BaseModel):
    account_id: str
    name: str
    sector: str
    organization: str


class ReviewSessionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    held_on: JsonDate
    attendees: list[AttendeeRead]
    minutes: str
    outcome: str
    roadmap_version: int = Field(description="Versión vigente cuando se registró la sesión.")
    both_sides: bool = Field(
        description="Asistieron gobierno y sociedad civil: cuenta para acordar."
    )
    recorded_by: str | None
    created_at: datetime
