"""Request and response bodies of the working-groups domain."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from reference.sectors import Sector
from roadmaps.groups.roles import GroupRole

_MEMBER = {
    "account_id": "a3f9c2d17e5b4c8f9a0b1c2d3e4f5a6b",
    "name": "Ana López",
    "organization": "Secretaría de Bienestar",
    "sector": "government",
    "group_role": "responsible_public_servant",
}


class MemberCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [_MEMBER]}
    )

    account_id: str = Field(
        min_length=1, max_length=80, description="Cuenta del gateway (el `sub` de su token)."
    )
    name: str = Field(min_length=1, max_length=200)
    organization: str = Field(default="", max_length=300)
    sector: Sector
    group_role: GroupRole = "member"


class MemberRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [_MEMBER | {"added_at": "2019-09-02T16:00:00+00:00"}]},
    )

    account_id: str
    name: str
    organization: str
    sector: str
    group_role: str
    added_at: datetime


class RulesUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"rules_of_operation": "El grupo sesiona cada mes; acuerda por consenso."}]
        },
    )

    rules_of_operation: str = Field(
        max_length=20000,
        description="Reglas de operación del grupo; son públicas.",
        examples=["El grupo sesiona cada mes; los acuerdos se toman por consenso."],
    )


class WorkingGroupRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "commitment_id": "5f0c6b1e9d7a4c2b8e3f1a6d9c0b7e21",
                    "rules_of_operation": "El grupo sesiona cada mes.",
                    "version": 2,
                    "members": [_MEMBER | {"added_at": "2019-09-02T16:00:00+00:00"}],
                    "updated_at": "2019-09-02T16:00:00+00:00",
                }
            ]
        }
    )

    commitment_id: str
    rules_of_operation: str
    version: int
    members: list[MemberRead]
    updated_at: datetime


class MyWorkingGroup(BaseModel):
    """A working group the signed-in person belongs to, with their place in it."""

    commitment_id: str
    plan_code: str
    number: int
    title: str
    sector: str
    group_role: str
    demo: bool = Field(default=False, description="Datos de demostración.")


class MyWorkingGroupList(BaseModel):
    items: list[MyWorkingGroup]
