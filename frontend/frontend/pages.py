"""The pages. Each section loads on its own, so a failing service blanks one section."""

import asyncio
import logging
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from frontend.deps import GatewayDep, SettingsDep
from frontend.gateway import GatewayClient, GatewayUnavailable
from frontend.render import page
from frontend.session import VisitorDep
from frontend.views import CommitmentView, TimelineView, build_commitments, build_timelines

log = logging.getLogger(__name__)
router = APIRouter()


def local_today(time_zone: str) -> date:
    try:
        return datetime.now(ZoneInfo(time_zone)).date()
    except ZoneInfoNotFoundError:
        return date.today()


async def load_timelines(gateway: GatewayClient, today: date) -> list[TimelineView] | None:
    try:
        return build_timelines(await gateway.processes(), today)
    except GatewayUnavailable as exc:
        log.warning("timeline unavailable", extra={"reason": str(exc)})
        return None


async def load_commitments(gateway: GatewayClient, plan_code: str) -> list[CommitmentView] | None:
    try:
        return build_commitments(await gateway.commitments(plan_code))
    except GatewayUnavailable as exc:
        log.warning("commitments unavailable", extra={"reason": str(exc)})
        return None


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request, gateway: GatewayDep, settings: SettingsDep, visitor: VisitorDep
) -> HTMLResponse:
    """Portada: el calendario de los procesos de cocreación y los compromisos del plan."""
    today = local_today(settings.time_zone)
    timelines, commitments = await asyncio.gather(
        load_timelines(gateway, today),
        load_commitments(gateway, settings.plan_code),
    )
    # Nothing at all could be read: the page still explains itself, with a 503 for monitors.
    status = 503 if timelines is None and commitments is None else 200
    context = {"timelines": timelines, "commitments": commitments}
    return page(request, "home.html", context, status_code=status)


@router.get("/aviso-de-privacidad", response_class=HTMLResponse)
async def privacy_notice(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """Aviso de privacidad integral (Ley General de Protección de Datos Personales en
    Posesión de Sujetos Obligados)."""
    return page(request, "privacy.html")


@router.get("/accesibilidad", response_class=HTMLResponse)
async def accessibility(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """Declaración de accesibilidad (WCAG 2.1 AA)."""
    return page(request, "accessibility.html")


NATIONAL_PACKAGE = "/api/v1/open-data/datapackage.json"
DCAT_CATALOG = "/api/v1/open-data/catalog.jsonld"
SERVICE_NAMES = {
    "consultation": "Consulta pública",
    "roadmaps": "Grupos de trabajo y reuniones",
    "tracking": "Seguimiento",
}


def _modified_day(value: object) -> date | None:
    try:
        return datetime.fromisoformat(str(value)).date() if value else None
    except ValueError:
        return None


def open_data_resources(package: object, base_url: str) -> list[dict[str, object]]:
    """Every resource of the national package with its CSV and JSON links on the gateway
    the browser reaches (the package's own URLs name the gateway's public address)."""
    resources = package.get("resources", []) if isinstance(package, dict) else []
    out = []
    for r in resources:
        if not (isinstance(r, dict) and r.get("name") and r.get("path")):
            continue
        csv_path = urlsplit(str(r["path"])).path
        json_path = urlsplit(str(r.get("json_path") or "")).path or csv_path[:-4] + ".json"
        out.append(
            {
                "title": r.get("title") or r["name"],
                "description": r.get("description") or "",
                "group": SERVICE_NAMES.get(str(r.get("service")), str(r.get("service") or "")),
                "csv": base_url + csv_path,
                "json": base_url + json_path,
                "modified": _modified_day(r.get("last_modified")),
            }
        )
    return out


@router.get("/datos-abiertos", response_class=HTMLResponse)
async def open_data(
    request: Request, gateway: GatewayDep, settings: SettingsDep, visitor: VisitorDep
) -> HTMLResponse:
    """Descargas de datos abiertos: cada recurso del paquete nacional (consulta, grupos de
    trabajo, reuniones y seguimiento) en CSV y JSON, con su última modificación."""
    try:
        package = await gateway.get_json(NATIONAL_PACKAGE)
    except GatewayUnavailable:
        package = None
    base = settings.browser_gateway_url
    context = {
        "package": package,
        "resources": open_data_resources(package, base),
        "package_url": base + NATIONAL_PACKAGE,
        "catalog_url": base + DCAT_CATALOG,
    }
    return page(request, "open_data.html", context)


FAVICON = Path(__file__).parent / "static" / "favicon.ico"


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> FileResponse:
    """Browsers ask for ``/favicon.ico`` on every site, whatever the page links."""
    return FileResponse(
        FAVICON,
        media_type="image/vnd.microsoft.icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/healthz", include_in_schema=False)
async def healthz() -> JSONResponse:
    """Liveness of the website process (the gateway's health is its own check)."""
    return JSONResponse({"status": "ok", "service": "frontend"})
