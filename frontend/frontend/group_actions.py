"""What a working group records besides the roadmap text: sending it to review, review
sessions, signatures, agreement, and its meetings (attendance by sector and gender)."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.field_placement import api_errors
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors
from frontend.gateway import ApiError
from frontend.group_checklist import member_rows
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import VisitorDep
from frontend.staff import ROADMAPS, group_members, group_page, staff_only
from reference.sectors import MEETING_SECTORS

router = APIRouter(prefix="/grupos")
GENDERS = {"women": "Mujeres", "men": "Hombres", "other": "Otras identidades o no declarado"}
STALE_SIGNATURE = (
    "La hoja de ruta cambió desde que la leíste (ahora es la versión %(version)s). "
    "Revísala antes de firmar: la firma vale solo para la versión que leíste."
)
TRANSITIONS = {"enviar": ("submit", "enviada"), "acordar": ("agree", "acordada")}
# A step refused because the roadmap is not at the stage it needs, said for each action.
WRONG_STAGE = {
    "firmar": "Solo se firma una hoja de ruta en revisión: envíala a revisión primero.",
    "enviar": "Solo un borrador se envía a revisión; esta hoja de ruta ya no es un borrador.",
    "acordar": "Solo una hoja de ruta en revisión se marca como acordada.",
}


@router.post("/{commitment_id}/hoja-de-ruta/{action}", dependencies=[CsrfChecked])
async def transition(
    request: Request,
    commitment_id: str,
    action: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    etag: Annotated[str, Form()] = "",
) -> Response:
    """Enviar a revisión, acordar o firmar la versión leída (``If-Match``: la ETag que
    devolvió la API al leerla)."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}"):
        return redirect
    base = f"{ROADMAPS}/commitments/{commitment_id}/roadmap"
    if action == "firmar":
        path, notice, headers = f"{base}/sign-offs", "firmada", {"If-Match": etag}
    elif action in TRANSITIONS:
        endpoint, notice = TRANSITIONS[action]
        path, headers = f"{base}/{endpoint}", {}
    else:
        raise ApiError(404, "not_found", _("Esa acción no existe."))
    try:
        await gateway.call("POST", path, token=visitor.token, headers=headers)
    except ApiError as exc:
        message = exc.message or _("No pudimos completar la operación.")
        if exc.status == 412:
            current = (exc.details or {}).get("current_version") if exc.details else None
            message = _(STALE_SIGNATURE) % {"version": current or "?"}
        elif exc.code == "roadmap_status_conflict":
            message = _(WRONG_STAGE[action])
        return await group_page(request, gateway, visitor, commitment_id, error=message)
    return see_other(f"/grupos/{commitment_id}?aviso={notice}")


def review_form(request: Request, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    base = {"errors": FormErrors(), "values": {"attendee_ids": []}}
    return page(request, "review_session.html", base | context, status_code=status_code)


@router.get("/{commitment_id}/sesiones-de-revision/nueva", response_class=HTMLResponse)
async def review_session_form(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Registrar una sesión de revisión de la hoja de ruta."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/sesiones-de-revision/nueva"):
        return redirect
    members = member_rows(await group_members(gateway, commitment_id))
    return review_form(request, {"commitment_id": commitment_id, "members": members})


def session_notice(recorded: dict) -> str:
    """The notice after recording: counted, or recorded but not counted and why."""
    sectors = {a.get("sector") for a in recorded.get("attendees") or [] if isinstance(a, dict)}
    if {"government", "cso"} <= sectors:
        return "sesion"
    if "government" not in sectors and "cso" not in sectors:
        return "sesion-sin-ambos"
    return "sesion-sin-gobierno" if "government" not in sectors else "sesion-sin-osc"


@router.post("/{commitment_id}/sesiones-de-revision", dependencies=[CsrfChecked])
async def record_review_session(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    held_on: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
    outcome: Annotated[str, Form()] = "",
    attendee_ids: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Fecha, asistentes (integrantes del grupo), minuta y resultado."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}"):
        return redirect
    body = {"held_on": held_on or None, "minutes": minutes, "outcome": outcome}
    body["attendee_ids"] = attendee_ids or []

    async def redisplay(errors: FormErrors) -> Response:
        members = member_rows(await group_members(gateway, commitment_id))
        context = {"commitment_id": commitment_id, "members": members}
        return review_form(request, context | {"values": body, "errors": errors}, REFUSED)

    def counted(recorded: Any) -> str:
        notice = session_notice(recorded if isinstance(recorded, dict) else {})
        return f"/grupos/{commitment_id}?aviso={notice}"

    return await submit(
        gateway.call(
            "POST",
            f"{ROADMAPS}/commitments/{commitment_id}/roadmap/review-sessions",
            token=visitor.token,
            json=body,
        ),
        redisplay,
        counted,
        errors=api_errors,
    )


def meeting_form_page(
    request: Request, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    base = {
        "errors": FormErrors(),
        "values": {"attendance": {}},
        "meeting_sectors": MEETING_SECTORS,
        "genders": GENDERS,
    }
    return page(request, "meeting.html", base | context, status_code=status_code)


@router.get("/{commitment_id}/reuniones/nueva", response_class=HTMLResponse)
async def meeting_form(request: Request, commitment_id: str, visitor: VisitorDep) -> Response:
    """Registrar una reunión del grupo de trabajo."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/reuniones/nueva"):
        return redirect
    return meeting_form_page(request, {"commitment_id": commitment_id})


def attendance_of(form: Any) -> tuple[list[dict[str, Any]], dict[str, str], bool]:
    """The attendance rows the API takes, what was typed, and whether every count is a number."""
    rows, typed, valid = [], {}, True
    for sector in MEETING_SECTORS:
        row: dict[str, Any] = {"sector": sector}
        for gender in GENDERS:
            raw = str(form.get(f"{sector}_{gender}") or "").strip()
            typed[f"{sector}_{gender}"] = raw
            valid = valid and (raw == "" or raw.isdigit())
            row[gender] = int(raw) if raw.isdigit() else 0
        if row["women"] or row["men"] or row["other"]:
            rows.append(row)
    return rows, typed, valid


@router.post("/{commitment_id}/reuniones", dependencies=[CsrfChecked])
async def record_meeting(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    held_on: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
    agreements: Annotated[str, Form()] = "",
) -> Response:
    """Fecha, asistencia por sector y género, minuta y acuerdos (uno por línea)."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}"):
        return redirect
    rows, typed, valid = attendance_of(await request.form())
    values = {"held_on": held_on, "minutes": minutes, "agreements": agreements, "attendance": typed}
    context = {"commitment_id": commitment_id, "values": values}
    if not valid or not rows:
        message = _("Escribe cuántas personas asistieron, con números enteros.")
        return meeting_form_page(
            request, context | {"errors": FormErrors({"attendance": message})}, 422
        )
    body = {"held_on": held_on or None, "attendance": rows, "minutes": minutes}
    body["agreements"] = [line.strip() for line in agreements.splitlines() if line.strip()]
    return await submit(
        gateway.call(
            "POST",
            f"{ROADMAPS}/commitments/{commitment_id}/meetings",
            token=visitor.token,
            json=body,
        ),
        lambda errors: meeting_form_page(request, context | {"errors": errors}, REFUSED),
        f"/grupos/{commitment_id}?aviso=reunion",
        errors=api_errors,
    )
