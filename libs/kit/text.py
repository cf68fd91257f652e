"""Free text as citizens type it: stored exactly (HTML included, escaped on output by
whoever renders it), but never with NUL bytes or other control characters."""

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise PydanticCustomError(
            "control_character", "El texto contiene caracteres de control o bytes nulos."
        )
    return value


def text_field(min_length: int, max_length: int) -> type[str]:
    """A stripped string of bounded length without control characters."""
    return Annotated[  # type: ignore[return-value]
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_no_control_characters),
    ]


Title = text_field(5, 200)
LongText = text_field(10, 4000)
ShortText = text_field(3, 2000)
Reason = text_field(3, 1000)
