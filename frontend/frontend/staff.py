"""The working-group area: my groups and one group's page (roadmap state, review sessions,
sign-offs, meetings), with the actions its members may take."""

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import GatewayDep
from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep
from frontend.views import parse_day

router = APIRouter(prefix="/grupos")
ROADMAPS = "/api/v1/roadmaps"
ROADMAP_STATUS = {
    "draft": "Borrador",
    "in_review": "En revisión",
    "agreed": "Acordada",
    "published": "Publicada",
}
SECTORS = {"government": "Gobierno", "cso": "Sociedad civil", "inai": "Órgano garante"}
NOTICES = {
    "enviada": "La hoja de ruta se envió a revisión.",
    "sesion": "La sesión de revisión quedó registrada.",
    "firmada": "Firmaste esta versión de la hoja de ruta.",
    "acordada": "La hoja de ruta quedó acordada.",
    "reunion": "La reunión quedó registrada.",
}


def staff_only(visitor: Visitor, target: str) -> Response | None:
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={target}")
    return None


@router.get("", response_class=HTMLResponse)
async def my_groups(request: Request, gateway: GatewayDep, visitor: VisitorDep) -> Response:
    """Mis grupos de trabajo."""
    if redirect := staff_only(visitor, "/grupos"):
        return redirect
    groups = await gateway.call("GET", f"{ROADMAPS}/me/working-groups", token=visitor.token)
    context = {"groups": groups.get("items") or [], "sectors": SECTORS}
    return page(request, "groups.html", context)


async def group_members(gateway: GatewayClient, commitment_id: str) -> list[dict]:
    """The group's members (public); an empty list when they cannot be read right now."""
    try:
        group = await gateway.call("GET", f"{ROADMAPS}/commitments/{commitment_id}/working-group")
    except (ApiError, GatewayUnavailable):
        return []
    return [m for m in group.get("members") or [] if isinstance(m, dict)]


async def current_roadmap(gateway: GatewayClient, visitor: Visitor, commitment_id: str) -> Any:
    """The working version the group sees, or ``None`` before the group starts one."""
    try:
        return await gateway.call(
            "GET", f"{ROADMAPS}/commitments/{commitment_id}/roadmap", token=visitor.token
        )
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise


async def _listing(gateway: GatewayClient, visitor: Visitor, path: str) -> list[dict]:
    try:
        found = await gateway.call("GET", path, token=visitor.token)
    except ApiError:
        return []
    items = found.get("items") if isinstance(found, dict) else found
    return [i for i in items or [] if isinstance(i, dict)]


def is_responsible(visitor: Visitor, roadmap: dict | None) -> bool:
    content = (roadmap or {}).get("content") or {}
    people = (content.get("responsible_public_servant"), content.get("responsible_cso_person"))
    return any(isinstance(p, dict) and p.get("account_id") == visitor.account_id for p in people)


async def group_page(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    commitment_id: str,
    notice: str = "",
    error: str = "",
) -> HTMLResponse:
    base = f"{ROADMAPS}/commitments/{commitment_id}"
    commitment, roadmap, members, sessions, meetings = await asyncio.gather(
        gateway.call("GET", base, token=visitor.token),
        current_roadmap(gateway, visitor, commitment_id),
        group_members(gateway, commitment_id),
        _listing(gateway, visitor, f"{base}/roadmap/review-sessions"),
        _listing(gateway, visitor, f"{base}/meetings"),
    )
    context = {
        "commitment": commitment,
        "commitment_id": commitment_id,
        "roadmap": roadmap,
        "status_label": _(ROADMAP_STATUS.get((roadmap or {}).get("status", ""), "")),
        "members": members,
        "sectors": SECTORS,
        "sessions": [s | {"held": parse_day(s.get("held_on"))} for s in sessions],
        "meetings": [m | {"held": parse_day(m.get("held_on"))} for m in meetings],
        "can_sign": is_responsible(visitor, roadmap),
        "notice": _(NOTICES[notice]) if notice in NOTICES else "",
        "error": error,
    }
    return page(request, "group.html", context, status_code=409 if error else 200)


@router.get("/{commitment_id}", response_class=HTMLResponse)
async def group(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Un grupo de trabajo: su hoja de ruta, sesiones de revisión, firmas y reuniones."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}"):
        return redirect
    return await group_page(request, gateway, visitor, commitment_id, notice=aviso)
