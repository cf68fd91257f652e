from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from kit.pagination import Page


class CommitmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    plan_code: str = Field(
        min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$", examples=["MX-4PA"]
    )
    number: int = Field(ge=1, le=999, examples=[1])
    slug: str = Field(
        min_length=2, max_length=80, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", examples=["corrupcion"]
    )
    title: str = Field(
        min_length=3, max_length=300, examples=["Gasto abierto y responsable en programas sociales"]
    )
    problem: str = Field(default="", max_length=5000)
    summary: str = Field(default="", max_length=5000)
    lead_institutions: list[str] = Field(default_factory=list, max_length=50)
    cso_coresponsible: list[str] = Field(default_factory=list, max_length=50)


class CommitmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    plan_code: str
    number: int
    slug: str
    title: str
    problem: str
    summary: str
    status: str
    lead_institutions: list[str]
    cso_coresponsible: list[str]
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


CommitmentList = Page[CommitmentRead]
