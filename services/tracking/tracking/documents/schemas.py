"""Shapes of the narrative the Committee writes and of the documents' data."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(max_length=20000)]
Item = Annotated[str, Field(min_length=1, max_length=2000)]

# Figures the Committee reports from its own records (spreadsheets, lists of attendance)
# where the platform holds no rows to count them from: always shown apart, with a source.
REPORTED_FIGURES: dict[str, str] = {
    "participants_total": "Personas que participaron en la implementación",
    "participants_women": "Mujeres",
    "participants_men": "Hombres",
    "participants_cso": "Personas de sociedad civil",
    "cso_organizations": "Organizaciones de la sociedad civil",
    "participants_government": "Personas servidoras públicas de la APF",
    "government_institutions": "Instituciones de la APF",
    "participants_inai": "Personas de organismos autónomos (INAI)",
    "participants_academia": "Personas de la academia",
    "participants_local_government": "Personas de gobiernos locales",
    "meetings_multistakeholder": "Reuniones multiactor de seguimiento",
    "outputs_diagnostics": "Diagnósticos elaborados",
    "outputs_participation_spaces": "Espacios de participación creados o fortalecidos",
    "outputs_policy_proposals": "Propuestas de política pública o normativas",
    "outputs_methodologies": "Metodologías",
    "outputs_new_microsites": "Micrositios nuevos",
    "outputs_strengthened_platforms": "Plataformas fortalecidas",
}
FigureKey = Literal[tuple(REPORTED_FIGURES)]  # type: ignore[valid-type]


class ReportedFigure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: int = Field(ge=0, le=10_000_000)
    source: str = Field(min_length=1, max_length=300)
    note: str = Field(default="", max_length=2000)


class CommitmentNarrative(BaseModel):
    """What the Committee says of one commitment at the end of the plan."""

    model_config = ConfigDict(extra="forbid")

    results: list[Item] = Field(default_factory=list, max_length=50)
    reasons: list[Item] = Field(
        default_factory=list,
        max_length=50,
        description="Por qué se cumplió, o por qué no (o tuvo avances limitados).",
    )
    next_steps: list[Item] = Field(default_factory=list, max_length=50)


class NarrativeContent(BaseModel):
    """The parts of both documents that people write; the rest comes from the data."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "introduction": "El Comité Coordinador presenta el plan…",
                    "context": "Durante la implementación hubo cambio de titulares…",
                    "forum": "El Comité sesiona cada mes; sus reglas están en…",
                    "methodology": "Grupos de trabajo por compromiso, con reglas propias…",
                    "adjustments": "Por la COVID-19 se amplió un año la implementación…",
                    "conclusions": "",
                    "commitments": {"2": {"results": ["Documento de recomendaciones"]}},
                    "reported_figures": {
                        "participants_total": {
                            "value": 708,
                            "source": "Autoevaluación del 4PA (2023)",
                        }
                    },
                }
            ]
        },
    )

    introduction: Text = ""
    context: Text = ""
    forum: Text = Field(default="", description="El foro multiactor y sus reglas.")
    methodology: Text = Field(default="", description="Cómo se organizó la implementación.")
    adjustments: Text = Field(default="", description="Ajustes durante el plan (p. ej. COVID).")
    conclusions: Text = ""
    commitments: dict[Annotated[int, Field(ge=1, le=999)], CommitmentNarrative] = Field(
        default_factory=dict, max_length=200
    )
    reported_figures: dict[FigureKey, ReportedFigure] = Field(default_factory=dict)


class NarrativeRead(BaseModel):
    plan_code: str
    version: int = Field(description="0 mientras nadie ha escrito nada.")
    content: NarrativeContent
    updated_by: str | None = None
    updated_at: datetime | None = None


class DocumentData(BaseModel):
    """One document's data; ``built_from`` says which versions it was built from."""

    model_config = ConfigDict(extra="allow")

    plan_code: str
    built_from: dict[str, Any]
    narrative: NarrativeContent
    commitments: list[dict[str, Any]]
