"""Request fields that take their JSON type only. Pydantic's lax mode turns ``0`` into
``false`` and a number into a date (seconds since 1970), so a body the OpenAPI document
calls invalid was accepted (schemathesis ST201). ``date`` stays an ISO string in JSON."""

from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, StrictBool
from pydantic_core import PydanticCustomError


def _iso_text(value: Any) -> Any:
    if isinstance(value, str | date):
        return value
    raise PydanticCustomError("date_type", "Escribe la fecha como texto AAAA-MM-DD.")


JsonDate = Annotated[date, BeforeValidator(_iso_text)]
JsonBool = StrictBool
