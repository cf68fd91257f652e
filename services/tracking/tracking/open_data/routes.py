"""Tracking's open data: the Data Package and each table in CSV and JSON."""

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from kit.conditional import etag_for
from kit.datapackage import (
    CSV_MEDIA_TYPE,
    JSON_MEDIA_TYPE,
    NOT_MODIFIED,
    Table,
    csv_body,
    json_body,
    respond,
)
from kit.datapackage_router import UnknownTable
from kit.db import SessionDep
from kit.errors import error_responses
from tracking.commitments.models import PlanState
from tracking.commitments.versions import ALL_PLANS
from tracking.open_data.catalog import TABLES, datapackage

router = APIRouter(tags=["open data"])
NAMES = ", ".join(TABLES)


def _table(name: str) -> Table:
    table = TABLES.get(name)
    if table is None:
        raise UnknownTable(details={"tables": list(TABLES)})
    return table


async def _serve(request: Request, session: Any, name: str, kind: str) -> Response:
    """Every change to any plan bumps ``ALL_PLANS``: its version is the ETag, its time
    the Last-Modified, and the rendered body is cached per version."""
    state = (
        await session.execute(select(PlanState).where(PlanState.plan_code == ALL_PLANS))
    ).scalar_one_or_none()
    version, changed_at = (state.version, state.changed_at) if state else (0, None)
    key = ("open-data", name, kind, version)
    cache = request.app.state.public_cache
    body = cache.get(key)
    if body is None:
        if name == "datapackage":
            body = json_body(datapackage(changed_at))
        else:
            table = _table(name)
            rows = await table.rows(session)
            body = csv_body(table, rows) if kind == "csv" else json_body(rows)
        cache.put(key, body)
    return respond(
        request,
        body=body,
        media_type=CSV_MEDIA_TYPE if kind == "csv" else JSON_MEDIA_TYPE,
        max_age=request.app.state.settings.public_max_age_seconds,
        etag=etag_for(*key),
        last_modified=changed_at,
    )


@router.get("/open-data/datapackage.json", responses=NOT_MODIFIED)
async def get_datapackage(request: Request, session: SessionDep) -> Response:
    """El Data Package (Frictionless) de los datos abiertos del seguimiento: una tabla CSV por
    recurso con esquema tipado, catálogos (enums) y su última modificación."""
    return await _serve(request, session, "datapackage", "json")


@router.get(
    "/open-data/{table}.csv",
    responses={200: {"content": {"text/csv": {}}}} | NOT_MODIFIED | error_responses(404),
)
async def get_table_csv(request: Request, session: SessionDep, table: str) -> Response:
    """Una tabla de datos abiertos en CSV (UTF-8), con `ETag` y `Last-Modified`."""
    _table(table)
    return await _serve(request, session, table, "csv")


@router.get("/open-data/{table}.json", responses=NOT_MODIFIED | error_responses(404))
async def get_table_json(request: Request, session: SessionDep, table: str) -> Response:
    """Una tabla de datos abiertos en JSON (lista de filas), con `ETag` y `Last-Modified`."""
    _table(table)
    return await _serve(request, session, table, "json")
