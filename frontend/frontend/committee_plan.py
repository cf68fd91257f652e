"""The Committee's workspace, plan-wide: the commitments of a plan (created from a promoted
theme or not), the draft plan opened for comment, the roadmaps by status, and the queue of
progress updates awaiting the Committee's validation."""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.committee import committee_only
from frontend.committee_forms import (
    CONSULTATION,
    ROADMAP_STATUS,
    ROADMAPS,
    TRACKING,
    chosen_plan,
    plan_codes,
    refusal,
)
from frontend.config import FrontendSettings
from frontend.deps import CsrfChecked, GatewayDep, SettingsDep
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors
from frontend.gateway import ApiError, GatewayClient
from frontend.i18n import _
from frontend.render import page
from frontend.session import Visitor, VisitorDep
from frontend.views import COMMITMENT_STATUS_LABELS, parse_day
from reference.statuses import ACTIVITY_STATUS

router = APIRouter(prefix="/comite")
MAX_PAGES = 10
NOTICES = {
    "creado": "El compromiso quedó creado como borrador, con su grupo de trabajo vacío.",
    "desde-tema": "El tema se promovió: su compromiso borrador aparece en la lista en unos "
    "segundos (recarga la página si aún no está).",
    "plan-borrador": "El plan borrador quedó publicado para recibir comentarios.",
    "hoja-publicada": "La hoja de ruta quedó publicada.",
    "validada": "Tu validación quedó registrada.",
    "devuelta": "La actualización se devolvió al grupo con tu motivo.",
}
ROADMAP_ORDER = ("agreed", "in_review", "draft", "published", "none")


def notice_of(aviso: str) -> str:
    return _(NOTICES[aviso]) if aviso in NOTICES else ""


async def all_pages(
    gateway: GatewayClient, visitor: Visitor, path: str, params: dict[str, Any]
) -> list[dict]:
    """Every item of a paginated list read with the visitor's token (drafts included)."""
    items: list[dict] = []
    cursor = None
    for _page in range(MAX_PAGES):
        query = params | {"limit": 100} | ({"cursor": cursor} if cursor else {})
        found = await gateway.call("GET", path, token=visitor.token, params=query)
        items += [i for i in (found or {}).get("items") or [] if isinstance(i, dict)]
        cursor = (found or {}).get("next_cursor")
        if not cursor:
            break
    return items


async def roadmap_status(gateway: GatewayClient, visitor: Visitor, commitment_id: str) -> str:
    try:
        roadmap = await gateway.call(
            "GET", f"{ROADMAPS}/commitments/{commitment_id}/roadmap", token=visitor.token
        )
    except ApiError as exc:
        if exc.status == 404:
            return "none"
        raise
    return str((roadmap or {}).get("status") or "none")


async def plan_commitments(gateway: GatewayClient, visitor: Visitor, plan_code: str) -> list[dict]:
    """The plan's commitments (drafts too), each with its roadmap's status in words."""
    rows = await all_pages(gateway, visitor, f"{ROADMAPS}/commitments", {"plan_code": plan_code})
    statuses = await asyncio.gather(*(roadmap_status(gateway, visitor, c["id"]) for c in rows))
    return [
        c
        | {
            "status_label": _(COMMITMENT_STATUS_LABELS.get(str(c.get("status")), "")),
            "roadmap_status": status,
            "roadmap_label": _(ROADMAP_STATUS.get(status, "Sin hoja de ruta")),
        }
        for c, status in zip(rows, statuses, strict=True)
    ]


async def plan_themes(gateway: GatewayClient, visitor: Visitor, plan_code: str) -> list[dict]:
    """The published themes of the plan's consultation (promoted ones say so)."""
    processes = [p for p in await gateway.processes() if p.get("plan_code") == plan_code]
    themes: list[dict] = []
    for process in processes:
        found = await gateway.call(
            "GET", f"{CONSULTATION}/processes/{process['id']}/themes", token=visitor.token
        )
        themes += [t for t in (found or {}).get("items") or [] if t.get("status") == "published"]
    return themes


async def draft_plan(gateway: GatewayClient, plan_code: str) -> dict | None:
    try:
        found = await gateway.call("GET", f"{ROADMAPS}/plans/{plan_code}/draft-plan")
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise
    return found | {"published": parse_day(found.get("published_at"))}


async def commitments_page(
    request: Request,
    gateway: GatewayClient,
    settings: FrontendSettings,
    visitor: Visitor,
    plan: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    plan_code = await chosen_plan(gateway, settings, plan)
    commitments, themes, draft, codes = await asyncio.gather(
        plan_commitments(gateway, visitor, plan_code),
        plan_themes(gateway, visitor, plan_code),
        draft_plan(gateway, plan_code),
        plan_codes(gateway, settings),
    )
    taken = [c.get("number") for c in commitments if isinstance(c.get("number"), int)]
    context = {
        "plan": plan_code,
        "plans": codes,
        "commitments": commitments,
        "themes": themes,
        "draft_plan": draft,
        "next_number": max(taken, default=0) + 1,
        "errors": FormErrors(),
        "values": {},
        "notice": "",
    }
    return page(
        request, "committee_commitments.html", context | (extra or {}), status_code=status_code
    )


@router.get("/compromisos", response_class=HTMLResponse)
async def commitments(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan: str = "",
    aviso: str = "",
) -> Response:
    """Compromisos de un plan: crearlos (desde un tema promovido o no) y el plan borrador."""
    if redirect := committee_only(visitor, "/comite/compromisos"):
        return redirect
    extra = {"notice": notice_of(aviso)}
    return await commitments_page(request, gateway, settings, visitor, plan, extra)


@router.post("/compromisos", dependencies=[CsrfChecked])
async def create_commitment(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan_code: Annotated[str, Form()] = "",
    number: Annotated[str, Form()] = "",
    slug: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    problem: Annotated[str, Form()] = "",
    summary: Annotated[str, Form()] = "",
) -> Response:
    """Crear un compromiso borrador que no viene de un tema de la consulta."""
    if redirect := committee_only(visitor, "/comite/compromisos"):
        return redirect
    values = {"plan_code": plan_code, "number": number, "slug": slug, "title": title}
    values |= {"problem": problem, "summary": summary}
    body: dict[str, Any] = dict(values)
    body["number"] = int(number) if number.strip().isdigit() else number

    async def redisplay(errors: FormErrors) -> Response:
        extra = {"errors": errors, "values": values}
        return await commitments_page(
            request, gateway, settings, visitor, plan_code, extra, REFUSED
        )

    return await submit(
        gateway.call("POST", f"{ROADMAPS}/commitments", token=visitor.token, json=body),
        redisplay,
        lambda created: f"/comite/compromisos/{created['id']}?aviso=creado",
        errors=refusal,
    )


@router.post("/compromisos/desde-tema", dependencies=[CsrfChecked])
async def commitment_from_theme(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan_code: Annotated[str, Form()] = "",
    theme_id: Annotated[str, Form()] = "",
) -> Response:
    """Promover un tema publicado: la consulta avisa y nace su compromiso borrador, con la
    trazabilidad a los temas ciudadanos de origen."""
    if redirect := committee_only(visitor, "/comite/compromisos"):
        return redirect
    if not theme_id.strip():
        errors = FormErrors(
            {"theme_id": _("Tema de trabajo: elige el tema que da origen al compromiso.")},
            general=_("Revisa los campos marcados."),
        )
        extra = {"errors": errors}
        return await commitments_page(request, gateway, settings, visitor, plan_code, extra, 422)

    def theme_refusal(exc: ApiError) -> FormErrors:
        errors = refusal(exc)
        errors.fields.setdefault("theme_id", f"{_('Tema de trabajo')}: {exc.message}")
        return errors

    async def redisplay(errors: FormErrors) -> Response:
        extra = {"errors": errors, "values": {"theme_id": theme_id}}
        return await commitments_page(
            request, gateway, settings, visitor, plan_code, extra, REFUSED
        )

    return await submit(
        gateway.call(
            "POST", f"{CONSULTATION}/themes/{theme_id.strip()}/promote", token=visitor.token
        ),
        redisplay,
        f"/comite/compromisos?plan={plan_code}&aviso=desde-tema",
        errors=theme_refusal,
    )


@router.post("/plan-borrador", dependencies=[CsrfChecked])
async def publish_draft_plan(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    draft_plan_code: Annotated[str, Form()] = "",
) -> Response:
    """Publicar el plan borrador (todos los compromisos del plan) para comentarios."""
    if redirect := committee_only(visitor, "/comite/compromisos"):
        return redirect
    path = f"{ROADMAPS}/plans/{draft_plan_code}/draft-plan/publish"
    return await submit(
        gateway.call("POST", path, token=visitor.token),
        lambda errors: commitments_page(
            request, gateway, settings, visitor, draft_plan_code, {"errors": errors}, REFUSED
        ),
        f"/comite/compromisos?plan={draft_plan_code}&aviso=plan-borrador",
        errors=refusal,
    )


async def roadmaps_page(
    request: Request,
    gateway: GatewayClient,
    settings: FrontendSettings,
    visitor: Visitor,
    plan: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    plan_code = await chosen_plan(gateway, settings, plan)
    rows, codes = await asyncio.gather(
        plan_commitments(gateway, visitor, plan_code), plan_codes(gateway, settings)
    )
    groups = [
        {
            "status": status,
            "label": _(ROADMAP_STATUS.get(status, "Sin hoja de ruta")),
            "commitments": [c for c in rows if c["roadmap_status"] == status],
        }
        for status in ROADMAP_ORDER
    ]
    context = {"plan": plan_code, "plans": codes, "groups": groups, "notice": ""}
    context |= {"errors": FormErrors()}
    return page(request, "committee_roadmaps.html", context | (extra or {}), status_code)


@router.get("/hojas-de-ruta", response_class=HTMLResponse)
async def roadmaps(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan: str = "",
    aviso: str = "",
) -> Response:
    """Hojas de ruta del plan por estado; las acordadas se publican desde aquí."""
    if redirect := committee_only(visitor, "/comite/hojas-de-ruta"):
        return redirect
    extra = {"notice": notice_of(aviso)}
    return await roadmaps_page(request, gateway, settings, visitor, plan, extra)


@router.post("/hojas-de-ruta/{commitment_id}/publicar", dependencies=[CsrfChecked])
async def publish_roadmap(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan: Annotated[str, Form()] = "",
) -> Response:
    """Publicar una hoja de ruta acordada por el grupo de trabajo."""
    if redirect := committee_only(visitor, "/comite/hojas-de-ruta"):
        return redirect
    path = f"{ROADMAPS}/commitments/{commitment_id}/roadmap/publish"
    return await submit(
        gateway.call("POST", path, token=visitor.token),
        lambda errors: roadmaps_page(
            request, gateway, settings, visitor, plan, {"errors": errors}, REFUSED
        ),
        f"/comite/hojas-de-ruta?plan={plan}&aviso=hoja-publicada",
        errors=refusal,
    )


def queue_rows(items: list[dict]) -> list[dict]:
    return [
        u
        | {
            "status_label": _(ACTIVITY_STATUS.get(str(u.get("new_status")), "")),
            "submitted": parse_day(u.get("submitted_at")),
            "cso_done": bool((u.get("cso_validation") or {}).get("at")),
        }
        for u in items
    ]


async def queue_page(
    request: Request,
    gateway: GatewayClient,
    settings: FrontendSettings,
    visitor: Visitor,
    plan: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    codes = await plan_codes(gateway, settings)
    plan_code = plan if plan in codes else ""
    params = {"awaiting": "committee"} | ({"plan_code": plan_code} if plan_code else {})
    items = await all_pages(gateway, visitor, f"{TRACKING}/updates", params)
    context = {"plan": plan_code, "plans": codes, "updates": queue_rows(items)}
    context |= {"errors": FormErrors(), "values": {}, "notice": ""}
    return page(request, "committee_queue.html", context | (extra or {}), status_code)


@router.get("/validaciones", response_class=HTMLResponse)
async def queue(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan: str = "",
    aviso: str = "",
) -> Response:
    """Actualizaciones de avance que esperan la validación del Comité, de todos los grupos."""
    if redirect := committee_only(visitor, "/comite/validaciones"):
        return redirect
    extra = {"notice": notice_of(aviso)}
    return await queue_page(request, gateway, settings, visitor, plan, extra)


@router.post("/validaciones/{update_id}", dependencies=[CsrfChecked])
async def validate(
    request: Request,
    update_id: str,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan: Annotated[str, Form()] = "",
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Validar una actualización o devolverla al grupo con un motivo, desde la cola."""
    if redirect := committee_only(visitor, "/comite/validaciones"):
        return redirect
    field = f"reason-{update_id}"
    if decision == "reject" and not reason.strip():
        errors = FormErrors(
            {field: _("Motivo: escribe por qué la devuelves al grupo.")},
            general=_("Revisa los campos marcados."),
        )
        extra = {"errors": errors, "values": {field: reason}}
        return await queue_page(request, gateway, settings, visitor, plan, extra, 422)
    body = {"decision": decision, "reason": reason.strip() or None}

    def reason_refusal(exc: ApiError) -> FormErrors:
        errors = refusal(exc, prefix="")
        if "reason" in errors.fields:
            errors.fields[field] = errors.fields.pop("reason")
        return errors

    notice = "validada" if decision == "approve" else "devuelta"
    typed = {"values": {field: reason}}
    return await submit(
        gateway.call(
            "POST", f"{TRACKING}/updates/{update_id}/validation", token=visitor.token, json=body
        ),
        lambda errors: queue_page(
            request, gateway, settings, visitor, plan, {"errors": errors} | typed, REFUSED
        ),
        f"/comite/validaciones?plan={plan}&aviso={notice}",
        errors=reason_refusal,
    )
