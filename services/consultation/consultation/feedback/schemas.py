from datetime import datetime

from pydantic import BaseModel, ConfigDict

from consultation.topics.schemas import PublicAnswer
from kit.text import text_field

CommentBody = text_field(3, 4000)


class FeedbackItemRead(BaseModel):
    id: str
    plan_code: str
    commitment_id: str
    number: int
    title: str
    problem: str
    summary: str
    published_at: datetime
    comments_count: int


class FeedbackItemList(BaseModel):
    items: list[FeedbackItemRead]


class CommentCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"body": "Falta un indicador de resultados por estado."}]},
    )

    body: CommentBody


class CommentRead(BaseModel):
    id: str
    item_id: str
    author_name: str | None
    body: str
    created_at: datetime
    answer: PublicAnswer | None = None


class CommentList(BaseModel):
    items: list[CommentRead]
