from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from kit.pagination import Page
from kit.text import text_field
from reference.statuses import AnswerState

Justification = text_field(10, 4000)


class ResponseDraft(BaseModel):
    """A reasoned answer: what happened to the contribution and why (always required)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "state": "merged",
                    "justification": "Se integró al tema «Transparencia en las obras de agua», "
                    "que se promovió a compromiso.",
                }
            ]
        },
    )

    state: AnswerState
    justification: Justification


class ResponseRead(BaseModel):
    id: str
    subject_type: str
    subject_id: str
    state: str
    justification: str
    status: str = Field(description="draft (solo el Comité la ve) o published.")
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


class AnsweredShare(BaseModel):
    total: int
    answered: int = Field(description="Con respuesta publicada.")
    drafted: int = Field(description="Con respuesta en borrador, aún sin publicar.")
    share: float | None = Field(description="answered / total (null sin contribuciones).")
    by_state: dict[str, int]


class ResponsesReport(BaseModel):
    process_id: str
    topics: AnsweredShare
    comments: AnsweredShare


class NotificationRead(BaseModel):
    id: str
    kind: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


NotificationList = Page[NotificationRead]
