"""Keyset pagination for ``?limit=&cursor=`` lists: ``{"items": [...], "next_cursor": ...}``.

A list is ordered by a few columns, the last of them unique (an id); the cursor carries the
last row's values of those columns, opaque to clients. ``Keyset`` writes the ordering, the
"after this row" condition and the next cursor in one place, so every list pages the same
way and refuses a bad cursor with the same error.
"""

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import and_, or_
from sqlalchemy.sql import ColumnElement, Select

from kit.errors import Unprocessable

T = TypeVar("T")
R = TypeVar("R")
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class InvalidCursor(Unprocessable):
    code = "invalid_cursor"
    message = "El cursor de paginación no es válido."


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
        raise InvalidCursor() from None
    if not isinstance(values, list):
        raise InvalidCursor()
    return values


def _to_cursor(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _from_cursor(value: Any, python_type: type) -> Any:
    if value is None:
        raise ValueError("a cursor value is missing")
    if python_type is datetime:
        return datetime.fromisoformat(str(value))
    if python_type is date:
        return date.fromisoformat(str(value))
    if python_type is int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError("not an integer")
        return int(value)
    return str(value)


def _python_type(column: Any) -> type:
    """The Python type of a column's values; a TypeDecorator (sqlmodel's UTCDateTime and
    AutoString) says ``object``, so ask the type it decorates."""
    kind = column.type
    for candidate in (kind, getattr(kind, "impl_instance", None)):
        try:
            python_type = candidate.python_type if candidate is not None else object
        except NotImplementedError:
            continue
        if python_type is not object:
            return python_type
    return object


@dataclass(frozen=True)
class Keyset:
    """The order of a list: its columns, the last one unique, all in one direction.

    ``Keyset(Topic.votes_count, Topic.id)`` pages most votes first; ``descending=False``
    pages oldest first. The values in a cursor are read back with each column's Python
    type, so a cursor that does not fit the ordering is refused, never half-applied.
    """

    columns: tuple[Any, ...]
    descending: bool = True

    def __init__(self, *columns: Any, descending: bool = True) -> None:
        if not columns:
            raise ValueError("a keyset needs at least one column")
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "descending", descending)

    def _values(self, cursor: str | None) -> list[Any] | None:
        values = decode_cursor(cursor)
        if values is None:
            return None
        if len(values) != len(self.columns):
            raise InvalidCursor()
        try:
            return [
                _from_cursor(value, _python_type(column))
                for value, column in zip(values, self.columns, strict=True)
            ]
        except (ValueError, TypeError, NotImplementedError):
            raise InvalidCursor() from None

    def after(self, cursor: str | None) -> ColumnElement[bool] | None:
        """The rows that come after the cursor's row (None: no cursor, from the start)."""
        values = self._values(cursor)
        if values is None:
            return None
        # (a, b, c) after (x, y, z): a past x, or a = x and b past y, or …; written out
        # rather than as a row-value comparison so both databases use the index the same.
        terms = []
        for index, column in enumerate(self.columns):
            past = column < values[index] if self.descending else column > values[index]
            equal = [self.columns[i] == values[i] for i in range(index)]
            terms.append(and_(*equal, past) if equal else past)
        return or_(*terms)

    def order_by(self) -> list[Any]:
        return [c.desc() if self.descending else c.asc() for c in self.columns]

    def apply(self, query: Select, *, cursor: str | None, limit: int) -> Select:
        """``query`` filtered to after the cursor, ordered, one row more than a page."""
        condition = self.after(cursor)
        if condition is not None:
            query = query.where(condition)
        return query.order_by(*self.order_by()).limit(limit + 1)

    def page(self, rows: Sequence[R], limit: int) -> tuple[list[R], str | None]:
        """The page out of ``limit + 1`` rows, and the cursor to the next (None: last)."""
        rows = list(rows)
        if len(rows) <= limit:
            return rows, None
        rows = rows[:limit]
        last = rows[-1]
        return rows, encode_cursor([_to_cursor(self._key(last, c)) for c in self.columns])

    @staticmethod
    def _key(row: Any, column: Any) -> Any:
        name = column.key
        if hasattr(row, "_mapping"):
            return row._mapping[name]
        if isinstance(row, dict):
            return row[name]
        return getattr(row, name)
