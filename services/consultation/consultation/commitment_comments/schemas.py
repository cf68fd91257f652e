from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from consultation.topics.schemas import PublicAnswer
from kit.text import text_field

CommentBody = text_field(3, 4000)
Reason = text_field(3, 500)


class ProgressCommentCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"body": "La actividad 2 venció en marzo y no hay evidencia publicada."}]
        },
    )

    body: CommentBody


class ProgressCommentRead(BaseModel):
    id: str
    commitment_id: str
    author_name: str | None
    body: str
    status: str
    created_at: datetime
    answer: PublicAnswer | None = None


class ProgressCommentList(BaseModel):
    items: list[ProgressCommentRead]


class AwaitingComment(ProgressCommentRead):
    """A comment the Committee has yet to answer publicly, with its commitment."""

    plan_code: str
    commitment_number: int
    commitment_title: str
    drafted: bool


class AwaitingCommentList(BaseModel):
    items: list[AwaitingComment]


class CommentModeration(BaseModel):
    """Hide a comment that breaks the rules, or show it again, with a reason (audited)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"action": "hide", "reason": "Datos personales."}]},
    )

    action: Literal["hide", "restore"]
    reason: Reason
