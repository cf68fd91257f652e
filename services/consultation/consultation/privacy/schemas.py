from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from reference.states import STATE_CODE_PATTERN

Gender = Literal["mujer", "hombre", "no_binario", "otro", "prefiero_no_decir"]
AgeBand = Literal["<18", "18-29", "30-44", "45-59", "60+"]
Sector = Literal["ciudadania", "sociedad_civil", "academia", "gobierno", "sector_privado", "otro"]


class DemographicsUpdate(BaseModel):
    """Optional answers for statistics only; ``consent`` must be true to store them."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "gender": "mujer",
                    "age_band": "30-44",
                    "sector": "sociedad_civil",
                    "state_code": "20",
                    "consent": True,
                    "privacy_notice_version": "2025-01",
                }
            ]
        },
    )

    gender: Gender | None = None
    age_band: AgeBand | None = None
    sector: Sector | None = None
    # Documented only: the service checks it (unknown_state).
    state_code: Annotated[str, Field(json_schema_extra={"pattern": STATE_CODE_PATTERN})] | None = (
        Field(default=None, max_length=2)
    )
    consent: bool
    privacy_notice_version: str = Field(min_length=1, max_length=40, pattern=r"^[\w.\-]+$")


class DemographicsRead(BaseModel):
    gender: str | None
    age_band: str | None
    sector: str | None
    state_code: str | None
    consent_version: str
    updated_at: datetime
