"""The pages. Each section loads on its own, so a failing service blanks one section."""

import asyncio
import logging
from datetime import date, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from frontend.config import FrontendSettings
from frontend.gateway import GatewayClient, GatewayUnavailable
from frontend.views import CommitmentView, TimelineView, build_commitments, build_timelines

log = logging.getLogger(__name__)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter()


def get_gateway(request: Request) -> GatewayClient:
    return request.app.state.gateway


def get_frontend_settings(request: Request) -> FrontendSettings:
    return request.app.state.settings


GatewayDep = Annotated[GatewayClient, Depends(get_gateway)]
SettingsDep = Annotated[FrontendSettings, Depends(get_frontend_settings)]


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
async def home(request: Request, gateway: GatewayDep, settings: SettingsDep) -> HTMLResponse:
    """Portada: el calendario de los procesos de cocreación y los compromisos del plan."""
    today = local_today(settings.time_zone)
    timelines, commitments = await asyncio.gather(
        load_timelines(gateway, today),
        load_commitments(gateway, settings.plan_code),
    )
    # Nothing at all could be read: the page still explains itself, with a 503 for monitors.
    status = 503 if timelines is None and commitments is None else 200
    context = {
        "plan_code": settings.plan_code,
        "timelines": timelines,
        "commitments": commitments,
        "api_docs_url": f"{settings.browser_gateway_url}/api/docs",
    }
    return templates.TemplateResponse(request, "home.html", context, status_code=status)


@router.get("/healthz", include_in_schema=False)
async def healthz() -> JSONResponse:
    """Liveness of the website process (the gateway's health is its own check)."""
    return JSONResponse({"status": "ok", "service": "frontend"})
