from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, model_validator

from kit.jsontypes import JsonBool, JsonDate
from reference.ogp import (
    LEGACY_OGP_KEYS,
    Completion,
    DidItOpenGovernment,
    OgpValue,
    PotentialImpact,
    ReportType,
    SelfAssessmentStatus,
)


def _current_keys(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    return [LEGACY_OGP_KEYS.get(v, v) if isinstance(v, str) else v for v in value]


# A key used before there was one key per OGP value is still accepted on input.
OgpValues = Annotated[list[OgpValue], BeforeValidator(_current_keys)]


class SelfAssessmentWrite(BaseModel):
    status: SelfAssessmentStatus
    inactive_reason: str | None = Field(default=None, max_length=2000)
    inactive_since: JsonDate | None = None
    note: str | None = Field(default=None, max_length=2000)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"status": "completed"},
                {
                    "status": "inactive",
                    "inactive_reason": "Las OSC corresponsables dejaron el grupo de trabajo.",
                    "inactive_since": "2020-10-21",
                },
            ]
        }
    }


class SelfAssessmentRead(BaseModel):
    status: SelfAssessmentStatus
    inactive_reason: str | None
    inactive_since: date | None
    note: str | None
    set_at: datetime


class IrmAssessmentWrite(BaseModel):
    report_type: ReportType
    report_name: str = Field(default="", max_length=300)
    assessed_on: JsonDate | None = None
    verifiable: JsonBool | None = None
    relevance: OgpValues = Field(default_factory=list, max_length=4)
    potential_impact: PotentialImpact | None = None
    completion: Completion | None = None
    did_it_open_government: DidItOpenGovernment | None = None
    comment: str | None = Field(default=None, max_length=5000)

    @model_validator(mode="after")
    def _scales_fit_the_report(self) -> "IrmAssessmentWrite":
        # Design reports judge the text; results reports judge what happened.
        if self.report_type == "design" and (self.completion or self.did_it_open_government):
            raise ValueError("un informe de diseño no califica cumplimiento ni resultados")
        if self.report_type == "results" and self.potential_impact:
            raise ValueError("un informe de resultados no califica el impacto potencial")
        return self

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "report_type": "design",
                    "report_name": "Informe de diseño de México 2019-2021",
                    "verifiable": True,
                    "relevance": ["access_to_information", "civic_participation"],
                    "potential_impact": "moderate",
                }
            ]
        }
    }


class IrmAssessmentRead(IrmAssessmentWrite):
    id: str
    recorded_at: datetime

    @model_validator(mode="after")
    def _scales_fit_the_report(self) -> "IrmAssessmentRead":
        return self  # records loaded from sources are shown as they are


class IndicatorRead(BaseModel):
    key: str
    name: str
    label: str
    scale: str | None
    baseline: float | None
    result: float | None
    target: float | None
    meets_target: bool | None
