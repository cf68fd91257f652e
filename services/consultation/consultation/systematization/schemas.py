from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from kit.text import Reason, Title, text_field
from reference.areas import AREAS

Description = text_field(0, 4000)


class ThemeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Transparencia en las obras de agua",
                    "description": "Agrupa 14 propuestas sobre agua potable y su gasto.",
                    "areas": ["fiscal_openness"],
                }
            ]
        },
    )

    title: Title
    description: Description = ""
    # Documented only: the service checks each area itself (its own error code).
    areas: list[Annotated[str, Field(json_schema_extra={"enum": list(AREAS)})]] = Field(
        default_factory=list, max_length=10
    )


class ThemeTopics(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"topic_ids": ["a1b2…"]}]}
    )

    topic_ids: list[str] = Field(min_length=1, max_length=500)


class TopicMerge(BaseModel):
    """Merge a duplicate into the topic that survives; votes are not counted twice."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"into_topic_id": "c3d4…", "reason": "Misma propuesta."}]},
    )

    into_topic_id: str = Field(max_length=32)
    reason: Reason


class ThemeTopicRef(BaseModel):
    id: str
    title: str
    votes_count: int


class ThemeRead(BaseModel):
    id: str
    process_id: str
    title: str
    description: str
    areas: list[str]
    status: str
    commitment_id: str | None
    created_at: datetime
    published_at: datetime | None
    promoted_at: datetime | None
    topics: list[ThemeTopicRef]


class ThemeList(BaseModel):
    items: list[ThemeRead]
