from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class VoteRead(BaseModel):
    topic_id: str
    votes_count: int = Field(description="Votos del tema contando este.")


class CurpCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"curp": "HEGG560427MVZRRL04"}]}
    )

    curp: str = Field(min_length=18, max_length=18)


class CurpStatus(BaseModel):
    curp_verified: bool
    registered_at: datetime | None
