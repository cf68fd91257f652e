"""Request and response bodies of topics."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from consultation.topics.vocabulary import SDG_PATTERN
from kit.pagination import Page
from kit.text import LongText, Reason, ShortText, Title
from reference.areas import AREAS
from reference.states import STATE_CODE_PATTERN
from reference.statuses import AnswerState

# Closed vocabularies as the document declares them. The service checks them itself (its
# errors ``unknown_area``, ``unknown_state``, ``invalid_sdg_tag`` name the field), so the
# schema's enum or pattern documents without validating.
AreaKey = Annotated[str, Field(json_schema_extra={"enum": list(AREAS)})]
StateCode = Annotated[str, Field(json_schema_extra={"pattern": STATE_CODE_PATTERN})]
SdgTag = Annotated[str, Field(json_schema_extra={"pattern": SDG_PATTERN})]

_EXAMPLE = {
    "process_id": "5f0c6d2a9b8e4f0d8a1b2c3d4e5f6a7b",
    "title": "Agua potable en comunidades rurales",
    "problem": "Las comunidades rurales de la sierra no saben cuánto se invierte en su agua.",
    "affected": "Habitantes de localidades de menos de 2,500 personas",
    "solution": "Publicar en datos abiertos las obras de agua por localidad y su avance.",
    "area": "fiscal_openness",
    "sdg_tags": ["6", "6.1"],
    "state_code": "20",
}


class TopicFields(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{k: v for k, v in _EXAMPLE.items() if k != "process_id"}]},
    )

    title: Title = Field(description="El problema público, en una frase.")
    problem: LongText = Field(description="Qué pasa y por qué es un problema.")
    affected: ShortText = Field(description="A quién afecta.")
    solution: LongText = Field(description="La solución que se propone.")
    area: AreaKey = Field(max_length=40, description="Área del Open Gov Challenge (clave).")
    sdg_tags: list[SdgTag] = Field(
        default_factory=list, max_length=10, description="Objetivos o metas ODS: 16, 16.10, 6.a"
    )
    state_code: StateCode = Field(max_length=2, description="Clave INEGI de la entidad (01 a 32).")


class TopicCreate(TopicFields):
    """A citizen's proposal, accepted while the process's consultation is open."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    process_id: str = Field(max_length=32)


class TopicUpdate(BaseModel):
    """Changes to one's own topic, accepted until its first vote."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"title": "Agua potable y su gasto en la sierra"}]},
    )

    title: Title | None = None
    problem: LongText | None = None
    affected: ShortText | None = None
    solution: LongText | None = None
    area: AreaKey | None = Field(default=None, max_length=40)
    sdg_tags: list[SdgTag] | None = Field(default=None, max_length=10)
    state_code: StateCode | None = Field(default=None, max_length=2)


class ThemeRef(BaseModel):
    id: str
    title: str
    commitment_id: str | None


class PublicAnswer(BaseModel):
    state: AnswerState
    justification: str
    published_at: datetime | None


class TopicSummary(BaseModel):
    id: str
    process_id: str
    title: str
    problem: str
    area: str
    sdg_tags: list[str]
    state_code: str
    channel: str
    author_name: str | None = Field(description="Nombre público; null si es anónimo.")
    status: str
    votes_count: int
    created_at: datetime
    voted: bool | None = Field(
        default=None,
        description=(
            "Si la persona que pregunta con sesión votó por este tema; null sin sesión, "
            "para un cliente de API y en las respuestas de moderación, captura territorial "
            "y fusión de temas."
        ),
        examples=[True],
    )


class TopicRead(TopicSummary):
    affected: str
    solution: str
    updated_at: datetime
    merged_into_id: str | None
    theme: ThemeRef | None = Field(description="El tema de la sistematización, si ya hay.")
    answer: PublicAnswer | None = Field(description="La respuesta razonada publicada.")
    curp_registered: bool | None = Field(
        default=None,
        description=(
            "Si la cuenta de quien pregunta con sesión tiene una CURP registrada, cuando el "
            "proceso la requiere para votar (`requires_curp`); null sin sesión o si el "
            "proceso no la requiere."
        ),
        examples=[False],
    )


class SimilarTopic(BaseModel):
    id: str
    title: str
    votes_count: int
    similarity: float


class SimilarList(BaseModel):
    items: list[SimilarTopic]


class ReportCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "Contiene insultos."}]}
    )

    reason: Reason


class ModerationDecision(BaseModel):
    """The Committee's review of a topic: keep it hidden or show it again, with a reason."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"action": "restore", "reason": "No incumple reglas."}]},
    )

    action: Literal["hide", "restore"]
    reason: Reason


TopicList = Page[TopicSummary]
