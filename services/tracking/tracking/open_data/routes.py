from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request, Response

from kit.csvcells import write_rows
from kit.db import SessionDep
from kit.errors import error_responses
from tracking.commitments import versions
from tracking.dashboard.http import conditional_json, etag_for
from tracking.open_data.catalog import TABLES, datapackage
from tracking.open_data.errors import UnknownTable
from tracking.open_data.tables import Table

router = APIRouter(tags=["open data"])
NAMES = ", ".join(TABLES)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value  # a number is never neutralised: -5 stays -5
    return str(value)


def _csv(table: Table, rows: list[dict[str, Any]]) -> bytes:
    lines = [table.columns, *([_cell(row[c]) for c in table.columns] for row in rows)]
    return write_rows(lines, lineterminator="\n").encode()


def _table(name: str) -> Table:
    table = TABLES.get(name)
    if table is None:
        raise UnknownTable(details={"tables": list(TABLES)})
    return table


async def _serve(request: Request, session, name: str, kind: str) -> Response:
    version = await request.app.state.plan_versions.get(session, versions.ALL_PLANS)
    key = ("open-data", name, kind, version)

    async def build():
        if name == "datapackage":
            return datapackage()
        table = _table(name)
        rows = await table.rows(session)
        return _csv(table, rows) if kind == "csv" else rows

    media = "text/csv; charset=utf-8" if kind == "csv" else "application/json"
    return await conditional_json(
        request, etag=etag_for(*key), cache_key=key, build=build, media_type=media
    )


@router.get("/open-data/datapackage.json", responses={304: {"description": "Sin cambios."}})
async def get_datapackage(request: Request, session: SessionDep) -> Response:
    """El Data Package (Frictionless) de los datos abiertos del seguimiento: una tabla CSV por
    recurso con esquema tipado y catálogos (enums)."""
    return await _serve(request, session, "datapackage", "json")


@router.get(
    "/open-data/{table}.csv",
    responses={200: {"content": {"text/csv": {}}}} | error_responses(404),
)
async def get_table_csv(request: Request, session: SessionDep, table: str) -> Response:
    """Una tabla de datos abiertos en CSV (UTF-8)."""
    _table(table)
    return await _serve(request, session, table, "csv")


@router.get("/open-data/{table}.json", responses=error_responses(404))
async def get_table_json(request: Request, session: SessionDep, table: str) -> Response:
    """Una tabla de datos abiertos en JSON (lista de filas)."""
    _table(table)
    return await _serve(request, session, table, "json")
