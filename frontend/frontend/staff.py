"""The working-group area: my groups and one group's page (roadmap state, review sessions,
sign-offs, meetings), with the actions its members may take."""

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import GatewayDep
from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.group_checklist import (
    checklist,
    member_rows,
    roadmap_weight_total,
    session_rows,
    signature_rows,
    weight_warning,
)
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep
from frontend.views import parse_day
from frontend.vocabulary import GROUP_ROLES, GROUP_SECTORS

router = APIRouter(prefix="/grupos")
ROADMAPS = "/api/v1/roadmaps"
ROADMAP_STATUS = {
    "draft": "Borrador",
    "in_review": "En revisión",
    "agreed": "Acordada",
    "published": "Publicada",
}
NOTICES = {
    "enviada": "La hoja de ruta se envió a revisión.",
    "sesion": "La sesión de revisión quedó registrada.",
    "firmada": "Firmaste esta versión de la hoja de ruta.",
    "acordada": "La hoja de ruta quedó acordada.",
    "reunion": "La reunión quedó registrada.",
    "guardado": "La hoja de ruta quedó guardada como una versión nueva.",
}
# A review session recorded, but not counted for agreement (DOMAIN: both sides attend).
WARNINGS = {
    "sesion-sin-gobierno": "La sesión quedó registrada, pero no cuenta para acordar la hoja de "
    "ruta: no asistió nadie del gobierno. Cuentan solo las sesiones con asistencia del gobierno "
    "y de sociedad civil.",
    "sesion-sin-osc": "La sesión quedó registrada, pero no cuenta para acordar la hoja de ruta: "
    "no asistió nadie de sociedad civil. Cuentan solo las sesiones con asistencia del gobierno "
    "y de sociedad civil.",
    "sesion-sin-ambos": "La sesión quedó registrada, pero no cuenta para acordar la hoja de "
    "ruta: no asistió nadie del gobierno ni de sociedad civil. Cuentan solo las sesiones con "
    "asistencia del gobierno y de sociedad civil.",
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
    context = {"groups": groups.get("items") or [], "sectors": GROUP_SECTORS, "roles": GROUP_ROLES}
    return page(request, "groups.html", context)


async def group_members(gateway: GatewayClient, commitment_id: str) -> list[dict]:
    """The group's members (public); an empty list when they cannot be read right now."""
    try:
        group = await gateway.call("GET", f"{ROADMAPS}/commitments/{commitment_id}/working-group")
    except (ApiError, GatewayUnavailable):
        return []
    return [m for m in group.get("members") or [] if isinstance(m, dict)]


async def current_roadmap(
    gateway: GatewayClient, visitor: Visitor, commitment_id: str
) -> tuple[Any, str]:
    """The working version the group sees (``None`` before the group starts one) and the
    ETag the API sent with it: the forms send that ETag back as ``If-Match``, so the
    compare-and-swap stays the API's business."""
    try:
        response = await gateway.send(
            "GET", f"{ROADMAPS}/commitments/{commitment_id}/roadmap", token=visitor.token
        )
    except ApiError as exc:
        if exc.status == 404:
            return None, ""
        raise
    return response.json(), response.headers.get("etag", "")


async def _listing(gateway: GatewayClient, visitor: Visitor, path: str) -> list[dict]:
    try:
        found = await gateway.call("GET", path, token=visitor.token)
    except ApiError:
        return []
    items = found.get("items") if isinstance(found, dict) else found
    return [i for i in items or [] if isinstance(i, dict)]


def roadmap_context(roadmap: dict | None, visitor: Visitor, sessions: list[dict]) -> dict:
    """The roadmap's checklist and what this person may do with it now."""
    signatures = signature_rows(roadmap, visitor)
    mine = next((s for s in signatures if s["is_me"]), None)
    status = (roadmap or {}).get("status", "")
    # The service's count (both sides attended); the listing's, if the roadmap lacks it.
    valid = (roadmap or {}).get("review_sessions_held")
    if not isinstance(valid, int):
        valid = sum(1 for s in sessions if not s["gap"])
    steps = checklist(roadmap, valid)
    return {
        "status_label": _(ROADMAP_STATUS.get(status, "")),
        "checklist": steps,
        # What agreement still needs (the last two steps are agreement and publication).
        "agree_gaps": [item["label"] for item in steps[:-2] if not item["done"]],
        "valid_sessions": valid,
        "signatures": signatures,
        "my_signature": mine if mine and mine["signed"] else None,
        "can_sign": bool(mine) and not mine["signed"] and status == "in_review",
        "weight_warning": weight_warning(roadmap_weight_total(roadmap)),
        "missing": [_(m.get("label") or "") for m in (roadmap or {}).get("missing_elements") or []],
    }


async def group_page(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    commitment_id: str,
    notice: str = "",
    error: str = "",
) -> HTMLResponse:
    base = f"{ROADMAPS}/commitments/{commitment_id}"
    commitment, (roadmap, etag), members, sessions, meetings, versions = await asyncio.gather(
        gateway.call("GET", base, token=visitor.token),
        current_roadmap(gateway, visitor, commitment_id),
        group_members(gateway, commitment_id),
        _listing(gateway, visitor, f"{base}/roadmap/review-sessions"),
        _listing(gateway, visitor, f"{base}/meetings"),
        _listing(gateway, visitor, f"{base}/roadmap/versions"),
    )
    review_sessions = session_rows(sessions)
    context = {
        "commitment": commitment,
        "commitment_id": commitment_id,
        "roadmap": roadmap,
        "roadmap_etag": etag,
        "members": member_rows(members),
        "sessions": review_sessions,
        "meetings": [m | {"held": parse_day(m.get("held_on"))} for m in meetings],
        "versions": [v | {"created": parse_day(v.get("created_at"))} for v in versions],
        "notice": _(NOTICES[notice]) if notice in NOTICES else "",
        "warning": _(WARNINGS[notice]) if notice in WARNINGS else "",
        "error": error,
    } | roadmap_context(roadmap, visitor, review_sessions)
    return page(request, "group.html", context, status_code=409 if error else 200)


@router.get("/{commitment_id}", response_class=HTMLResponse)
async def group(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Un grupo de trabajo: su hoja de ruta, sesiones de revisión, firmas y reuniones."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}"):
        return redirect
    return await group_page(request, gateway, visitor, commitment_id, notice=aviso)
