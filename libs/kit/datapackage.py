"""Tabular open data as Frictionless describes it, served as conditional GETs.

A :class:`Table` is a resource: its Table Schema (typed fields, enums, primary key) and
the function that reads its rows. :func:`csv_body` writes the rows through
:mod:`kit.csvcells` (no cell a spreadsheet would read as a formula), :func:`package` the
``datapackage.json`` of a set of tables, and :func:`respond` answers with ``ETag``,
``Last-Modified`` and ``Cache-Control``, or 304 on ``If-None-Match`` /
``If-Modified-Since``. :mod:`kit.datapackage_router` serves a package of tables.
"""

import hashlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from fastapi import Request, Response

from kit.conditional import render
from kit.csvcells import write_rows

Row = dict[str, Any]
NOT_MODIFIED = {304: {"description": "Sin cambios desde la copia que ya tienes."}}
# (session, settings) -> rows; the settings are the app's (thresholds a service applies).
Rows = Callable[..., Awaitable[list[Row]]]
Modified = Callable[[Any], Awaitable[datetime | None]]
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
JSON_MEDIA_TYPE = "application/json"


def field(
    name: str, type_: str, description: str, enum: tuple[str, ...] = (), required: bool = False
) -> dict[str, Any]:
    """One field of a Table Schema, with its enum and ``required`` constraints."""
    spec: dict[str, Any] = {"name": name, "type": type_, "description": description}
    constraints: dict[str, Any] = {}
    if enum:
        constraints["enum"] = list(enum)
    if required:
        constraints["required"] = True
    if constraints:
        spec["constraints"] = constraints
    return spec


async def _unknown(_session: Any) -> datetime | None:
    return None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    fields: list[dict[str, Any]]
    primary_key: list[str]
    rows: Rows
    description: str = ""
    keywords: tuple[str, ...] = ()
    # When the rows last changed (the newest timestamp among them); None when unknown.
    modified: Modified = _unknown

    @property
    def columns(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def schema(self) -> dict[str, Any]:
        return {"fields": self.fields, "primaryKey": self.primary_key, "missingValues": [""]}


def cell(value: Any) -> Any:
    """A value as a CSV cell: empty for null, ISO 8601 for dates, numbers untouched."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value  # a number is never neutralised: -5 stays -5
    return str(value)


def csv_body(table: Table, rows: list[Row]) -> bytes:
    lines = [table.columns, *([cell(row[c]) for c in table.columns] for row in rows)]
    return write_rows(lines, lineterminator="\n").encode()


# Compact UTF-8 JSON, dates as ISO 8601: the same rendering as the cached reads.
json_body = render


def join(values: Iterable[str] | None) -> str:
    """A list as one cell (``a; b``): the packages describe such fields as strings."""
    return "; ".join(values or [])


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes that were written in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def newest(*moments: datetime | None) -> datetime | None:
    known = [aware(m) for m in moments if m is not None]
    return max(known) if known else None


def resource(table: Table, path: str, last_modified: datetime | None = None) -> dict[str, Any]:
    """The descriptor of one CSV resource; ``last_modified`` (ISO 8601) is our own property,
    which Frictionless allows and the gateway's catalogue reads."""
    descriptor: dict[str, Any] = {
        "name": table.name,
        "title": table.title,
        "description": table.description or table.title,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table.schema(),
    }
    if table.keywords:
        descriptor["keywords"] = list(table.keywords)
    if last_modified is not None:
        descriptor["last_modified"] = aware(last_modified).isoformat()
    return descriptor


async def package(
    session: Any, *, name: str, title: str, description: str, tables: Iterable[Table]
) -> tuple[dict[str, Any], datetime | None]:
    """The ``datapackage.json`` of ``tables`` (paths relative: ``<table>.csv``) and the
    newest change of any of them."""
    resources, moments = [], []
    for table in tables:
        moment = aware(await table.modified(session))
        moments.append(moment)
        resources.append(resource(table, f"{table.name}.csv", moment))
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "licenses": [LICENSE],
        "resources": resources,
    }, newest(*moments)


def http_date(moment: datetime) -> str:
    return format_datetime(aware(moment).astimezone(UTC).replace(microsecond=0), usegmt=True)


def body_etag(*parts: Any) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=10).hexdigest()
    return f'W/"{digest}"'


def _etag_matches(header: str, etag: str) -> bool:
    wanted = etag.removeprefix("W/")
    return any(
        t.strip() == "*" or t.strip().removeprefix("W/") == wanted for t in header.split(",")
    )


def not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    """RFC 9110: ``If-None-Match`` decides when present; else ``If-Modified-Since``."""
    header = request.headers.get("if-none-match")
    if header:
        return _etag_matches(header, etag)
    since = request.headers.get("if-modified-since")
    if not since or last_modified is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if moment.tzinfo is None:
        return False
    return aware(last_modified).replace(microsecond=0) <= moment


def respond(
    request: Request,
    *,
    body: bytes,
    media_type: str,
    max_age: int,
    etag: str | None = None,
    last_modified: datetime | None = None,
) -> Response:
    """The body with its validators, or 304 when the client already holds it."""
    etag = etag or body_etag(body)
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    if not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
