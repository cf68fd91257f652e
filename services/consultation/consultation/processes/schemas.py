from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from consultation.processes.models import Process
from consultation.processes.phases import PHASE_KEYS, PhaseStatus, phase_status
from kit.jsontypes import JsonDate
from kit.pagination import Page
from reference.states import STATE_CODE_PATTERN

_PLAN_CODE = r"^[A-Z0-9][A-Z0-9-]*$"
# Documented only: the service checks the code against the plan's level (invalid_state_code).
StateCode = Annotated[str, Field(json_schema_extra={"pattern": STATE_CODE_PATTERN})]


class PhaseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    key: str = Field(
        min_length=1,
        max_length=40,
        description="Fase de la metodología: " + ", ".join(PHASE_KEYS) + ".",
        examples=["consultation"],
        json_schema_extra={"enum": list(PHASE_KEYS)},  # checked by the service (its code)
    )
    name_es: str | None = Field(
        default=None,
        min_length=2,
        max_length=120,
        description="Nombre público; por omisión, el de la metodología.",
        examples=["Consulta de temas"],
    )
    starts_on: JsonDate = Field(description="Primer día abierto (hora de la Ciudad de México).")
    ends_on: JsonDate = Field(description="Último día abierto, inclusive.")


class ProcessCreate(BaseModel):
    """A process and its phases, in the methodology's order and without overlaps."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "plan_code": "MX-5PA",
                    "title": "Quinto Plan de Acción de México",
                    "level": "federal",
                    "phases": [
                        {"key": "consultation", "starts_on": "2025-03-03", "ends_on": "2025-03-23"},
                        {
                            "key": "systematization",
                            "starts_on": "2025-03-24",
                            "ends_on": "2025-03-30",
                        },
                    ],
                }
            ]
        },
    )

    plan_code: str = Field(min_length=2, max_length=40, pattern=_PLAN_CODE, examples=["MX-5PA"])
    title: str = Field(min_length=3, max_length=300, examples=["Quinto Plan de Acción de México"])
    level: Literal["federal", "state"] = "federal"
    state_code: StateCode | None = Field(
        default=None,
        max_length=10,
        description="Clave INEGI de la entidad (01 a 32), solo en planes estatales.",
        examples=["09"],
    )
    phases: list[PhaseCreate] = Field(min_length=1, max_length=len(PHASE_KEYS))
    votes_per_person: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        description="Tope de votos por persona en todo el proceso; sin tope si se omite.",
    )
    requires_curp: bool = Field(
        default=False, description="Si votar exige haber registrado una CURP válida."
    )


class PhaseChange(BaseModel):
    """New dates of one phase (extend or move it) and the reason, which is published."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "starts_on": "2025-03-03",
                    "ends_on": "2025-04-06",
                    "reason": "Se amplía una semana la consulta por la emergencia sanitaria.",
                }
            ]
        },
    )

    starts_on: JsonDate = Field(examples=["2025-03-03"])
    ends_on: JsonDate = Field(examples=["2025-03-30"])
    reason: str = Field(
        min_length=10,
        max_length=2000,
        examples=["Se amplía una semana la consulta por la emergencia sanitaria."],
    )


class PhaseChangeRead(BaseModel):
    """One recorded change of a phase's dates."""

    phase: str
    before: dict[str, str]
    after: dict[str, str]
    reason: str | None
    changed_at: datetime


class PhaseRead(BaseModel):
    key: str
    order: int
    name_es: str
    starts_on: JsonDate
    ends_on: JsonDate
    status: PhaseStatus


class ProcessRead(BaseModel):
    id: str
    plan_code: str
    title: str
    level: str
    state_code: str | None
    starts_on: JsonDate
    ends_on: JsonDate
    created_at: datetime
    updated_at: datetime
    demo: bool = Field(
        default=False, description="Datos de demostración (cargados por la demo de desarrollo)."
    )
    as_of: JsonDate = Field(description="Día (Ciudad de México) con el que se calculó cada estado.")
    current_phase: PhaseRead | None = Field(description="La fase abierta hoy, si hay una.")
    phases: list[PhaseRead]
    votes_per_person: int | None = Field(
        default=None, description="Tope de votos por persona en todo el proceso (null: sin tope)."
    )
    requires_curp: bool = Field(
        default=False, description="Si votar exige una CURP registrada (un voto por CURP)."
    )

    @classmethod
    def of(cls, process: Process, today: date) -> "ProcessRead":
        phases = [
            PhaseRead(
                key=phase.key,
                order=phase.order,
                name_es=phase.name_es,
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
                status=phase_status(phase.starts_on, phase.ends_on, today),
            )
            for phase in process.phases
        ]
        current = next((phase for phase in phases if phase.status == "open"), None)
        return cls(**process.model_dump(), as_of=today, current_phase=current, phases=phases)


ProcessList = Page[ProcessRead]
