"""Documented shapes of the dashboard (the route returns the cached JSON bytes)."""

from pydantic import BaseModel, Field


class ProgressRead(BaseModel):
    completed: float | None = Field(description="% completado; null = sin datos.")
    verified: float | None = Field(description="% verificado; null = sin datos.")
    sin_datos: bool


class PlanProgressRead(ProgressRead):
    commitments_with_data: int
    commitments: int


class DashboardCommitment(BaseModel):
    id: str
    number: int
    slug: str
    title: str
    areas: list[str]
    lead_institutions: list[str]
    cso_coresponsible: list[str]
    self_assessment: str = Field(
        description="completed, substantial, limited, not_started, inactive o sin_evaluar"
    )
    inactive: bool
    inactive_reason: str | None
    progress: ProgressRead
    activities: int
    activity_status_counts: dict[str, int]
    overdue_activities: int = Field(
        default=0,
        description="Actividades vencidas: pasó su fecha de término vigente sin completarse.",
    )
    rescheduled_activities: int = Field(
        default=0, description="Actividades cuyas fechas cambió una versión posterior."
    )
    last_validated_update_at: str | None = Field(
        description="Última actualización validada por ambos lados (ISO 8601)."
    )
    irm: dict
    demo: bool = Field(default=False, description="Datos de demostración.")


class DashboardRead(BaseModel):
    plan_code: str
    version: int = Field(description="Contador de cambios del plan (base del ETag).")
    filters: dict
    formula_url: str
    progress: PlanProgressRead
    activity_status_counts: dict[str, int]
    self_assessment_counts: dict[str, int]
    commitments: list[DashboardCommitment]
    demo: bool = Field(default=False, description="Algún compromiso del plan es de demostración.")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "plan_code": "MX-4PA",
                    "version": 42,
                    "filters": {},
                    "formula_url": "/progress/formula",
                    "progress": {
                        "completed": 61.5,
                        "verified": 40.0,
                        "sin_datos": False,
                        "commitments_with_data": 10,
                        "commitments": 13,
                    },
                    "activity_status_counts": {
                        "por_iniciar": 3,
                        "en_proceso": 5,
                        "completo": 20,
                        "verificado": 12,
                    },
                    "self_assessment_counts": {"completed": 7, "limited": 3, "inactive": 3},
                    "commitments": [],
                }
            ]
        }
    }
