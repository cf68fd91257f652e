"""Request and response bodies of the roadmap content and its versions."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kit.jsontypes import JsonDate

Line = Annotated[str, Field(min_length=1, max_length=1000)]
ItemId = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]

_ACTIVITY = {
    "title": "Diagnóstico de las condiciones de apertura a nivel subnacional",
    "start_date": "2020-01-15",
    "end_date": "2020-06-30",
    "indicator": "Diagnóstico publicado",
    "means_of_verification": "Documento en el micrositio del compromiso",
}
_CONTENT = {
    "final_result": "Un modelo de articulación de agendas locales de gobierno abierto.",
    "expected_products": ["Estudio diagnóstico", "Espacio de coordinación nacional"],
    "indicators": ["Número de entidades que adoptan el modelo"],
    "means_of_verification": ["Minutas publicadas", "Informe final"],
    "start_date": "2020-01-15",
    "end_date": "2022-08-31",
}
WRITE_EXAMPLE = _CONTENT | {
    "responsible_public_servant_id": "a3f9c2d17e5b4c8f9a0b1c2d3e4f5a6b",
    "responsible_cso_person_id": "b7e1d0c9f8a74b6e9d5c4b3a29180f7e",
    "key_actions": [{"title": "Estudio diagnóstico", "weight": 100, "activities": [_ACTIVITY]}],
}


class ActivityWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    activity_id: ItemId | None = Field(
        default=None, description="Omítelo en una actividad nueva; consérvalo al editar."
    )
    title: str = Field(min_length=3, max_length=500)
    start_date: JsonDate | None = None
    end_date: JsonDate | None = None
    indicator: str = Field(default="", max_length=1000)
    means_of_verification: str = Field(default="", max_length=1000)
    reschedule_reason: str = Field(
        default="",
        max_length=1000,
        description="Si una enmienda cambia las fechas de la actividad: por qué, en palabras "
        "públicas (el tablero lo muestra junto a las fechas originales). Vacío: se muestra la "
        "justificación de la enmienda.",
    )


class KeyActionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    key_action_id: ItemId | None = Field(
        default=None, description="Omítelo en una acción nueva; consérvalo al editar."
    )
    title: str = Field(min_length=3, max_length=500)
    weight: int = Field(ge=1, le=100, description="Peso en %; los de todas suman 100.")
    responsible_institution: str = Field(
        default="", max_length=300, description="Institución a cargo de esta acción clave."
    )
    activities: list[ActivityWrite] = Field(default_factory=list, max_length=100)


class RoadmapWrite(BaseModel):
    """The editable content; elements may be missing while the roadmap is a draft."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [WRITE_EXAMPLE]}
    )

    responsible_public_servant_id: str | None = Field(
        default=None, max_length=80, description="Cuenta de un integrante del grupo (gobierno)."
    )
    responsible_cso_person_id: str | None = Field(
        default=None, max_length=80, description="Cuenta de un integrante del grupo (OSC)."
    )
    final_result: str = Field(default="", max_length=5000)
    expected_products: list[Line] = Field(default_factory=list, max_length=50)
    indicators: list[Line] = Field(default_factory=list, max_length=50)
    means_of_verification: list[Line] = Field(default_factory=list, max_length=50)
    start_date: JsonDate | None = None
    end_date: JsonDate | None = None
    key_actions: list[KeyActionWrite] = Field(default_factory=list, max_length=50)


class VersionNote(BaseModel):
    message: str = Field(
        default="Cambios guardados",
        min_length=1,
        max_length=500,
        description="Qué cambió y por qué; queda en el historial.",
    )
    justification: str | None = Field(
        default=None,
        min_length=10,
        max_length=5000,
        description="Obligatoria después de publicar: toda modificación es una enmienda.",
    )


class RoadmapSave(RoadmapWrite, VersionNote):
    """Body of ``POST`` and ``PUT``: the whole content plus a note for the history."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [WRITE_EXAMPLE | {"message": "Primera propuesta del grupo"}]}
    )


class RoadmapPatch(VersionNote):
    """Body of ``PATCH``: only the fields sent change."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"final_result": "…", "message": "Ajuste del resultado"}]},
    )

    responsible_public_servant_id: str | None = Field(default=None, max_length=80)
    responsible_cso_person_id: str | None = Field(default=None, max_length=80)
    final_result: str | None = Field(default=None, max_length=5000)
    expected_products: list[Line] | None = Field(default=None, max_length=50)
    indicators: list[Line] | None = Field(default=None, max_length=50)
    means_of_verification: list[Line] | None = Field(default=None, max_length=50)
    start_date: JsonDate | None = None
    end_date: JsonDate | None = None
    key_actions: list[KeyActionWrite] | None = Field(default=None, max_length=50)


class PersonRef(BaseModel):
    account_id: str
    name: str
    organization: str


class ActivityRead(BaseModel):
    activity_id: str
    order: int
    title: str
    start_date: JsonDate | None
    end_date: JsonDate | None
    indicator: str
    means_of_verification: str
    # Versions saved before it existed have none: it reads "" then.
    reschedule_reason: str = ""


class KeyActionRead(BaseModel):
    key_action_id: str
    order: int
    title: str
    weight: int
    responsible_institution: str = ""  # versions saved before it existed read as ""
    activities: list[ActivityRead]


class RoadmapContent(BaseModel):
    responsible_public_servant: PersonRef | None = None
    responsible_cso_person: PersonRef | None = None
    final_result: str = ""
    expected_products: list[str] = []
    indicators: list[str] = []
    means_of_verification: list[str] = []
    start_date: JsonDate | None = None
    end_date: JsonDate | None = None
    key_actions: list[KeyActionRead] = []


class ElementRef(BaseModel):
    key: str = Field(examples=["final_result"])
    label: str = Field(examples=["Resultado final"])


class SignOffRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    role: str
    account_id: str
    name: str
    version: int
    signed_at: datetime


_PERSON = {"account_id": "a3f9c2d17e5b4c8f9a0b1c2d3e4f5a6b", "organization": "INAI"}
READ_EXAMPLE = {
    "id": "7c2a9e41d0b34f6f8a1e5d3c2b1a0f9e",
    "commitment_id": "5f0c6b1e9d7a4c2b8e3f1a6d9c0b7e21",
    "status": "published",
    "version": 3,
    "published_version": 3,
    "content": _CONTENT
    | {
        "responsible_public_servant": _PERSON | {"name": "Ana López"},
        "responsible_cso_person": _PERSON
        | {"account_id": "b7e1d0c9f8a74b6e9d5c4b3a29180f7e", "name": "Luis Pérez"},
        "key_actions": [
            {
                "key_action_id": "9b1e2c3d4e5f60718293a4b5c6d7e8f9",
                "order": 1,
                "title": "Estudio diagnóstico",
                "weight": 100,
                "activities": [
                    _ACTIVITY | {"activity_id": "1a2b3c4d5e6f70819203a4b5c6d7e8f9", "order": 1}
                ],
            }
        ],
    },
    "version_message": "Extensión por COVID-19",
    "version_author": "Ana López",
    "version_author_id": "a3f9c2d17e5b4c8f9a0b1c2d3e4f5a6b",
    "version_created_at": "2020-06-01T17:00:00+00:00",
    "missing_elements": [],
    "weight_total": 100,
    "review_sessions_held": 2,
    "sign_offs": [],
    "created_at": "2019-08-05T17:00:00+00:00",
    "updated_at": "2020-06-01T17:00:00+00:00",
    "published_at": "2019-08-30T17:00:00+00:00",
}


class RoadmapRead(BaseModel):
    """A roadmap as the caller may see it: the working version for its group and the
    Committee, the published one for everybody else. Its version is the ``ETag``."""

    model_config = ConfigDict(json_schema_extra={"examples": [READ_EXAMPLE]})

    id: str
    commitment_id: str
    status: Literal["draft", "in_review", "agreed", "published"]
    version: int
    published_version: int | None
    content: RoadmapContent
    version_message: str
    version_author: str | None
    version_author_id: str | None = Field(
        default=None, description="Cuenta que guardó la versión (quién, en un conflicto)."
    )
    version_created_at: datetime
    missing_elements: list[ElementRef] = Field(
        description="Elementos obligatorios que faltan para acordarla."
    )
    weight_total: int = Field(
        default=0, description="Suma de los pesos de las acciones clave (100 para acordarla)."
    )
    review_sessions_held: int = Field(
        description="Sesiones de revisión con asistencia de gobierno y de sociedad civil."
    )
    sign_offs: list[SignOffRead] = Field(description="Firmas sobre esta versión.")
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


class VersionSummary(BaseModel):
    version: int
    message: str
    kind: Literal["edit", "amendment"]
    justification: str | None
    author_sub: str | None
    author_name: str | None
    created_at: datetime
    published_at: datetime | None = Field(description="Cuándo se hizo pública, si se hizo.")
    superseded: bool = Field(description="Publicada y después reemplazada por una enmienda.")


class VersionRead(VersionSummary):
    content: RoadmapContent


class FieldChange(BaseModel):
    path: str = Field(examples=["key_actions/9b1e…/weight"])
    label: str = Field(examples=["Acción clave «Estudio diagnóstico» · Peso"])
    change: Literal["added", "removed", "modified"]
    before: Any = None
    after: Any = None
    text_diff: list[str] | None = Field(
        default=None, description="Diferencia línea por línea (difflib) en campos de texto."
    )


class RoadmapDiff(BaseModel):
    from_version: int
    to_version: int
    changes: list[FieldChange]
