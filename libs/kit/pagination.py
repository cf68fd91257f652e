"""Opaque cursors for ``?limit=&cursor=`` lists: ``{"items": [...], "next_cursor": ...}``."""

import base64
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from kit.errors import Unprocessable

T = TypeVar("T")
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise Unprocessable(
            "El cursor de paginación no es válido.", code="invalid_cursor"
        ) from None
    if not isinstance(values, list):
        raise Unprocessable("El cursor de paginación no es válido.", code="invalid_cursor")
    return values
