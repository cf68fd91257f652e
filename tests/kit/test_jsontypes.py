"""Request fields take their JSON type only (schemathesis ST201 found ``0`` accepted as a
date and as a boolean on tracking's assessments and compliance inputs)."""

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from kit.jsontypes import JsonBool, JsonDate


class Body(BaseModel):
    on: JsonDate | None = None
    flag: JsonBool | None = None


def test_iso_dates_and_booleans_are_accepted():
    body = Body.model_validate({"on": "2020-10-21", "flag": False})
    assert body.on == date(2020, 10, 21) and body.flag is False
    assert Body.model_validate({"on": None, "flag": None}).on is None
    assert Body.model_json_schema()["properties"]["on"]["anyOf"][0] == {
        "format": "date",
        "type": "string",
    }


@pytest.mark.parametrize("data", [{"on": 0}, {"on": 1600000000}, {"flag": 0}, {"flag": "yes"}])
def test_numbers_are_not_dates_and_not_booleans(data):
    with pytest.raises(ValidationError):
        Body.model_validate(data)


def test_tracking_bodies_use_them():
    from tracking.assessments.schemas import IrmAssessmentWrite, SelfAssessmentWrite
    from tracking.compliance.routes import ComplianceInputs

    with pytest.raises(ValidationError):
        SelfAssessmentWrite.model_validate({"status": "completed", "inactive_since": 0})
    with pytest.raises(ValidationError):
        IrmAssessmentWrite.model_validate({"report_type": "design", "verifiable": 0})
    with pytest.raises(ValidationError):
        ComplianceInputs.model_validate({"cocreation_starts_on": 0})
    assert ComplianceInputs.model_validate({"cocreation_starts_on": "2019-06-24"})
