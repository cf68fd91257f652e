"""Request and response bodies of the commitments domain."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from kit.pagination import Page
from reference.areas import Area
from reference.ogp import OgpValue, current_ogp_keys
from reference.states import STATE_CODE_PATTERN

PlanLevel = Literal["federal", "state"]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SDG_TARGET_PATTERN = r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$"  # 16.10, 11.a
Name = Annotated[str, Field(min_length=1, max_length=300)]
SdgTarget = Annotated[str, Field(pattern=SDG_TARGET_PATTERN, examples=["16.10"])]
Relevance = Annotated[str, Field(max_length=2000)]
OgpValues = Annotated[dict[OgpValue, Relevance], BeforeValidator(current_ogp_keys)]

_EXAMPLE = {
    "plan_code": "MX-4PA",
    "number": 1,
    "slug": "corrupcion",
    "title": "Gasto abierto y responsable en programas sociales",
    "problem": "Poca visibilidad sobre el destino del dinero de los programas sociales.",
    "summary": "Seguimiento ciudadano del gasto en seis programas sociales federales.",
    "how_it_solves": "Sigue la ruta del dinero y canaliza denuncias ante irregularidades.",
    "ogp_values": {"access_to_information": "Publica el gasto por programa."},
    "areas": ["anti_corruption", "fiscal_openness"],
    "sdg_targets": ["16.5", "16.6"],
    "lead_institutions": ["Secretaría de Bienestar"],
    "supporting_institutions": ["Secretaría de la Función Pública (SFP)"],
    "cso_coresponsible": ["GESOC, Agencia para el Desarrollo, A.C."],
    "cso_accompanying": ["Ethos, Laboratorio de Políticas Públicas"],
    "plan_level": "federal",
    "state_code": None,
}


class _PlanScope(BaseModel):
    @model_validator(mode="after")
    def _state_plans_name_their_state(self) -> "_PlanScope":
        level = getattr(self, "plan_level", None)
        state = getattr(self, "state_code", None)
        if level == "state" and not state:
            raise ValueError("Un plan estatal necesita la clave INEGI de su entidad (state_code).")
        if level == "federal" and state:
            raise ValueError("Un plan federal no lleva entidad (state_code).")
        return self


class CommitmentFields(_PlanScope):
    """What the OGP commitment template asks, beyond number and title."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    problem: str = Field(default="", max_length=5000, description="El problema público.")
    summary: str = Field(default="", max_length=5000, description="¿Cuál es el compromiso?")
    how_it_solves: str = Field(
        default="", max_length=5000, description="¿Cómo contribuye a resolver el problema?"
    )
    ogp_values: OgpValues = Field(
        default_factory=dict, description="Relevancia frente a cada valor de OGP que atiende."
    )
    areas: list[Area] = Field(default_factory=list, max_length=10)
    sdg_targets: list[SdgTarget] = Field(default_factory=list, max_length=50)
    pnd_axis: str = Field(
        default="", max_length=300, description="Eje del Plan Nacional de Desarrollo."
    )
    risk_analysis: str = Field(default="", max_length=5000, description="Análisis de riesgos.")
    gender_perspective: str = Field(
        default="", max_length=5000, description="Perspectiva de igualdad de género."
    )
    ambition: str = Field(default="", max_length=5000, description="Ambición declarada.")
    short_term_objective: str = Field(
        default="", max_length=2000, description="Objetivo a corto plazo."
    )
    medium_term_objective: str = Field(
        default="", max_length=2000, description="Objetivo a mediano plazo."
    )
    continues_commitment_id: str | None = Field(
        default=None, max_length=32, description="Compromiso de un plan anterior que continúa."
    )
    lead_institutions: list[Name] = Field(default_factory=list, max_length=50)
    supporting_institutions: list[Name] = Field(default_factory=list, max_length=50)
    cso_coresponsible: list[Name] = Field(default_factory=list, max_length=50)
    cso_accompanying: list[Name] = Field(default_factory=list, max_length=50)
    plan_level: PlanLevel = "federal"
    state_code: str | None = Field(default=None, pattern=STATE_CODE_PATTERN, examples=["09"])


class CommitmentCreate(CommitmentFields):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [_EXAMPLE]}
    )

    plan_code: str = Field(
        min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$", examples=["MX-4PA"]
    )
    number: int = Field(ge=1, le=999, examples=[1])
    slug: str = Field(min_length=2, max_length=80, pattern=SLUG_PATTERN, examples=["corrupcion"])
    title: str = Field(
        min_length=3, max_length=300, examples=["Gasto abierto y responsable en programas sociales"]
    )


class CommitmentUpdate(BaseModel):
    """Fields to change on a draft commitment; the ones left out keep their value."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"areas": ["anti_corruption"], "sdg_targets": ["16.5"]}]},
    )

    number: int | None = Field(default=None, ge=1, le=999)
    slug: str | None = Field(default=None, min_length=2, max_length=80, pattern=SLUG_PATTERN)
    title: str | None = Field(default=None, min_length=3, max_length=300)
    problem: str | None = Field(default=None, max_length=5000)
    summary: str | None = Field(default=None, max_length=5000)
    how_it_solves: str | None = Field(default=None, max_length=5000)
    ogp_values: OgpValues | None = None
    areas: list[Area] | None = Field(default=None, max_length=10)
    sdg_targets: list[SdgTarget] | None = Field(default=None, max_length=50)
    pnd_axis: str | None = Field(default=None, max_length=300)
    risk_analysis: str | None = Field(default=None, max_length=5000)
    gender_perspective: str | None = Field(default=None, max_length=5000)
    ambition: str | None = Field(default=None, max_length=5000)
    short_term_objective: str | None = Field(default=None, max_length=2000)
    medium_term_objective: str | None = Field(default=None, max_length=2000)
    continues_commitment_id: str | None = Field(default=None, max_length=32)
    lead_institutions: list[Name] | None = Field(default=None, max_length=50)
    supporting_institutions: list[Name] | None = Field(default=None, max_length=50)
    cso_coresponsible: list[Name] | None = Field(default=None, max_length=50)
    cso_accompanying: list[Name] | None = Field(default=None, max_length=50)
    plan_level: PlanLevel | None = None
    state_code: str | None = Field(default=None, pattern=STATE_CODE_PATTERN)


class SourceTopic(BaseModel):
    topic_id: str = Field(min_length=1, max_length=64)
    title: str = Field(default="", max_length=300)


class CommitmentRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                _EXAMPLE
                | {
                    "id": "5f0c6b1e9d7a4c2b8e3f1a6d9c0b7e21",
                    "status": "published",
                    "version": 1,
                    "source_theme_id": None,
                    "source_process_id": None,
                    "source_topics": [],
                    "created_at": "2019-08-20T17:00:00+00:00",
                    "updated_at": "2019-08-24T17:00:00+00:00",
                    "published_at": "2019-08-24T17:00:00+00:00",
                }
            ]
        },
    )

    id: str
    plan_code: str
    number: int
    slug: str
    title: str
    problem: str
    summary: str
    how_it_solves: str
    ogp_values: dict[str, str]
    areas: list[str]
    sdg_targets: list[str]
    pnd_axis: str = ""
    risk_analysis: str = ""
    gender_perspective: str = ""
    ambition: str = ""
    short_term_objective: str = ""
    medium_term_objective: str = ""
    continues_commitment_id: str | None = None
    status: str
    lead_institutions: list[str]
    supporting_institutions: list[str]
    cso_coresponsible: list[str]
    cso_accompanying: list[str]
    plan_level: str
    state_code: str | None
    source_theme_id: str | None = Field(description="Tema de la consulta que le dio origen.")
    source_process_id: str | None
    source_topics: list[SourceTopic] = Field(
        description="Temas ciudadanos de origen (trazabilidad de la consulta al compromiso)."
    )
    demo: bool = Field(
        default=False, description="Datos de demostración (cargados por la demo de desarrollo)."
    )
    version: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


CommitmentList = Page[CommitmentRead]


class DraftPlanCommitment(BaseModel):
    commitment_id: str
    number: int
    title: str
    problem: str
    summary: str
    source_theme_id: str | None = None


class DraftPlanRead(BaseModel):
    """The draft plan as it was opened for public comment."""

    model_config = ConfigDict(from_attributes=True)

    plan_code: str = Field(examples=["MX-5PA"])
    published_at: datetime
    commitments: list[DraftPlanCommitment]
