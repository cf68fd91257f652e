"""The routes of a package of tables: ``/open-data/datapackage.json`` and each table in
CSV and JSON (:mod:`kit.datapackage`), for data without a change counter of its own: a
built answer is kept a few seconds (:class:`TtlCache`, one build at a time per key), its
ETag is its content's and its Last-Modified the newest change its table reports."""

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response

from kit.datapackage import (
    CSV_MEDIA_TYPE,
    JSON_MEDIA_TYPE,
    NOT_MODIFIED,
    Table,
    aware,
    csv_body,
    json_body,
    package,
    respond,
)
from kit.db import SessionDep
from kit.errors import NotFound, error_responses


class TtlCache:
    """Values kept ``ttl`` seconds, bounded, built once per key at a time (single flight)."""

    def __init__(self, ttl: float, max_entries: int = 64) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._locks: dict[Any, asyncio.Lock] = {}

    def _fresh(self, key: Any) -> Any:
        held = self._entries.get(key)
        return held[1] if held is not None and held[0] >= time.monotonic() else None

    async def get(self, key: Any, build: Callable[[], Awaitable[Any]]) -> Any:
        if self.ttl <= 0:
            return await build()
        kept = self._fresh(key)
        if kept is not None:
            return kept
        async with self._locks.setdefault(key, asyncio.Lock()):
            kept = self._fresh(key)
            if kept is None:
                kept = await build()
                self._entries[key] = (time.monotonic() + self.ttl, kept)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    old, _ = self._entries.popitem(last=False)
                    self._locks.pop(old, None)
        return kept


class UnknownTable(NotFound):
    code = "unknown_open_data_table"
    message = "No publicamos esa tabla de datos abiertos."


@dataclass(frozen=True)
class Package:
    """A service's package: its name, Spanish title and description, and its tables."""

    name: str
    title: str
    description: str
    tables: dict[str, Table]
    max_age: int = 300  # seconds a client (or the gateway) may keep an answer
    ttl: float = 30.0  # seconds this process keeps a built answer


def _cache(request: Request, ttl: float) -> TtlCache:
    state = request.app.state
    if getattr(state, "open_data_cache", None) is None:
        state.open_data_cache = TtlCache(ttl=ttl)
    return state.open_data_cache


def package_router(spec: Package, *, operation_prefix: str) -> APIRouter:
    """``/open-data/datapackage.json`` and ``/open-data/{table}.csv|.json`` of ``spec``;
    operation ids start with ``operation_prefix`` (unique in the merged OpenAPI)."""
    router = APIRouter(tags=["open data"])

    def table_of(name: str) -> Table:
        if name not in spec.tables:
            raise UnknownTable(details={"tables": list(spec.tables)})
        return spec.tables[name]

    async def built(request: Request, session: Any, key: str, kind: str) -> tuple[bytes, Any]:
        async def build() -> tuple[bytes, Any]:
            if key == "datapackage":
                descriptor, moment = await package(
                    session, name=spec.name, title=spec.title,
                    description=spec.description, tables=spec.tables.values(),
                )  # fmt: skip
                return json_body(descriptor), moment
            table = table_of(key)
            rows = await table.rows(session, request.app.state.settings)
            body = csv_body(table, rows) if kind == "csv" else json_body(rows)
            return body, aware(await table.modified(session))

        if spec.ttl <= 0:
            return await build()
        return await _cache(request, spec.ttl).get((spec.name, key, kind), build)

    async def serve(request: Request, session: Any, key: str, kind: str) -> Response:
        body, moment = await built(request, session, key, kind)
        media = CSV_MEDIA_TYPE if kind == "csv" else JSON_MEDIA_TYPE
        return respond(
            request, body=body, media_type=media, max_age=spec.max_age, last_modified=moment
        )

    @router.get(
        "/open-data/datapackage.json",
        operation_id=f"{operation_prefix}DataPackage",
        responses=NOT_MODIFIED,
    )
    async def get_datapackage(request: Request, session: SessionDep) -> Response:
        """El Data Package (Frictionless) de estos datos abiertos: cada recurso con su
        esquema de tabla tipado, su CSV y su última modificación (`last_modified`)."""
        return await serve(request, session, "datapackage", "json")

    @router.get(
        "/open-data/{table}.csv",
        operation_id=f"{operation_prefix}TableCsv",
        responses={200: {"content": {"text/csv": {}}}} | NOT_MODIFIED | error_responses(404),
    )
    async def get_table_csv(request: Request, session: SessionDep, table: str) -> Response:
        """Un recurso de datos abiertos en CSV (UTF-8), con `ETag` y `Last-Modified`."""
        table_of(table)
        return await serve(request, session, table, "csv")

    @router.get(
        "/open-data/{table}.json",
        operation_id=f"{operation_prefix}TableJson",
        responses=NOT_MODIFIED | error_responses(404),
    )
    async def get_table_json(request: Request, session: SessionDep, table: str) -> Response:
        """Un recurso de datos abiertos en JSON (lista de filas), con `ETag` y
        `Last-Modified`."""
        table_of(table)
        return await serve(request, session, table, "json")

    return router
