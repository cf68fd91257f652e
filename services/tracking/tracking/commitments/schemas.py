from datetime import datetime

from pydantic import BaseModel, Field

from kit.pagination import Page
from tracking.activities.schemas import DetailKeyActionRead
from tracking.commitments.models import TrackedCommitment


class CommitmentRead(BaseModel):
    id: str = Field(description="El mismo identificador que en el servicio de hojas de ruta.")
    plan_code: str
    number: int
    slug: str
    title: str
    problem: str
    summary: str
    lead_institutions: list[str]
    cso_coresponsible: list[str]
    published_at: datetime | None
    updated_at: datetime
    demo: bool = Field(
        default=False, description="Datos de demostración (cargados por la demo de desarrollo)."
    )

    @classmethod
    def of(cls, row: TrackedCommitment) -> "CommitmentRead":
        return cls(id=row.commitment_id, **row.model_dump(include=set(cls.model_fields)))


CommitmentList = Page[CommitmentRead]


class CommitmentDetail(CommitmentRead):
    """The tablero's page of one commitment (documented shape; see the endpoint)."""

    areas: list[str]
    supporting_institutions: list[str]
    cso_accompanying: list[str]
    self_assessment: dict | None = Field(description="Estado de autoevaluación del Comité.")
    inactive: bool
    progress: dict = Field(description="{completed, verified, sin_datos}; null si sin datos.")
    roadmap: dict | None
    working_group: list[dict]
    key_actions: list[DetailKeyActionRead] = Field(
        description="Acciones clave vigentes; cada actividad con sus fechas vigentes, las "
        "originales y cada reprogramación con su motivo."
    )
    timeline: list[dict] = Field(description="Solo actualizaciones validadas por ambos lados.")
    irm: dict
    indicators: list[dict]
