"""Progress updates: a government member reports an activity's progress (with links and an
evidence file); civil society and the Committee validate it or return it with a reason."""

import asyncio
from collections.abc import Awaitable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.field_placement import placed
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError, GatewayClient
from frontend.i18n import _
from frontend.render import page
from frontend.session import Visitor, VisitorDep
from frontend.staff import group_members, staff_only
from frontend.update_cards import update_rows
from reference.roles import REPORTERS, VALIDATORS
from reference.statuses import REPORTED_STATUS

router = APIRouter(prefix="/grupos")
TRACKING = "/api/v1/tracking"
NOTICES = {
    "enviada": "Tu actualización quedó registrada: espera la validación de sociedad civil y "
    "del Comité Coordinador.",
    "validada": "Tu validación quedó registrada.",
    "devuelta": "La actualización se devolvió con tu motivo.",
    "reenviada": "La nueva revisión quedó enviada a validación.",
}


async def activities_of(gateway: GatewayClient, commitment_id: str) -> list[dict] | None:
    """The published roadmap's activities, each with its key action and weight, or ``None``
    before tracking knows the commitment."""
    try:
        detail = await gateway.call("GET", f"{TRACKING}/commitments/{commitment_id}")
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise
    return [
        a | {"key_action": ka.get("title") or "", "key_action_weight": whole(ka.get("weight"))}
        for ka in detail.get("key_actions") or []
        for a in ka.get("activities") or []
    ]


def whole(weight: Any) -> Any:
    """A weight as people write it: 60, not 60.0 (tracking stores it as a number)."""
    return int(weight) if isinstance(weight, float) and weight.is_integer() else weight


async def updates_page(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    commitment_id: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    activities, updates, members = await asyncio.gather(
        activities_of(gateway, commitment_id),
        gateway.call("GET", f"{TRACKING}/commitments/{commitment_id}/updates", token=visitor.token),
        group_members(gateway, commitment_id),
    )
    rows = update_rows(
        updates if isinstance(updates, list) else [], activities or [], members, visitor
    )
    context = {
        "commitment_id": commitment_id,
        "activities": activities,
        "updates": rows,
        "statuses": REPORTED_STATUS,
        "errors": FormErrors(),
        "values": {},
        "notice": "",
        "can_report": visitor.role in REPORTERS,
        "can_validate": visitor.role in VALIDATORS,
    }
    return page(request, "updates.html", context | (extra or {}), status_code=status_code)


@router.get("/{commitment_id}/avances", response_class=HTMLResponse)
async def updates(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Actualizaciones de avance del compromiso y su validación."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/avances"):
        return redirect
    notice = _(NOTICES[aviso]) if aviso in NOTICES else ""
    return await updates_page(request, gateway, visitor, commitment_id, {"notice": notice})


async def upload_evidence(
    gateway: GatewayClient, visitor: Visitor, update_id: str, evidence: UploadFile
) -> None:
    # The spooled upload itself: httpx sends a file object in chunks, never read whole.
    await evidence.seek(0)
    content_type = evidence.content_type or "application/octet-stream"
    files = {"file": (evidence.filename or "evidencia", evidence.file, content_type)}
    await gateway.call(
        "POST", f"{TRACKING}/updates/{update_id}/evidence", token=visitor.token, files=files
    )


@router.post("/{commitment_id}/avances", dependencies=[CsrfChecked])
async def submit_update(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    activity_id: Annotated[str, Form()] = "",
    new_status: Annotated[str, Form()] = "",
    narrative: Annotated[str, Form()] = "",
    links: Annotated[str, Form()] = "",
    evidence: UploadFile | None = None,
) -> Response:
    """Reportar avance de una actividad, con enlaces y un archivo de evidencia opcional."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/avances"):
        return redirect
    values = {"activity_id": activity_id, "new_status": new_status, "narrative": narrative}
    values["links"] = links
    body = values | {"links": [line.strip() for line in links.splitlines() if line.strip()]}
    path = f"{TRACKING}/commitments/{commitment_id}/updates"

    async def report() -> None:
        created = await gateway.call("POST", path, token=visitor.token, json=body)
        if evidence is not None and evidence.filename:
            await upload_evidence(gateway, visitor, created["id"], evidence)

    return await submit(
        report(),
        lambda errors: updates_page(
            request, gateway, visitor, commitment_id, {"values": values, "errors": errors}, REFUSED
        ),
        f"/grupos/{commitment_id}/avances?aviso=enviada",
        errors=lambda exc: update_errors(exc, ""),
    )


def update_errors(exc: ApiError, suffix: str) -> FormErrors:
    """The refusal next to its field (``suffix``: ``-<id>`` in a card's own form)."""
    if exc.code.startswith("evidence") or exc.status in (413, 415):
        return FormErrors(
            {f"evidence{suffix}": exc.message or _("El archivo no se aceptó.")},
            general=_("La actualización quedó registrada, pero el archivo no se aceptó."),
        )
    errors = placed(from_api_error(exc))
    if suffix:
        errors.fields = {f"{name}{suffix}": m for name, m in errors.fields.items()}
    return errors


@router.post("/{commitment_id}/avances/{update_id}/validacion", dependencies=[CsrfChecked])
async def validate_update(
    request: Request,
    commitment_id: str,
    update_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Validar o devolver (con motivo) una actualización pendiente."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/avances"):
        return redirect
    if decision == "reject" and not reason.strip():
        errors = FormErrors({f"reason-{update_id}": _("Escribe por qué la devuelves.")})
        extra = {"errors": errors}
        return await updates_page(request, gateway, visitor, commitment_id, extra, 422)
    body = {"decision": decision, "reason": reason.strip() or None}
    notice = "validada" if decision == "approve" else "devuelta"
    return await submit(
        gateway.call(
            "POST", f"{TRACKING}/updates/{update_id}/validation", token=visitor.token, json=body
        ),
        lambda errors: updates_page(
            request, gateway, visitor, commitment_id, {"errors": errors}, REFUSED
        ),
        f"/grupos/{commitment_id}/avances?aviso={notice}",
        errors=lambda exc: FormErrors(general=exc.message or _("No se pudo validar.")),
    )


@router.post("/{commitment_id}/avances/{update_id}/reenvio", dependencies=[CsrfChecked])
async def resubmit_update(
    request: Request,
    commitment_id: str,
    update_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    narrative: Annotated[str, Form()] = "",
    new_status: Annotated[str, Form()] = "",
    links: Annotated[str, Form()] = "",
    keep_evidence: Annotated[str, Form()] = "",
    evidence: UploadFile | None = None,
) -> Response:
    """Reenviar una actualización devuelta, corregida, como nueva revisión: con sus enlaces
    y, si hace falta, un archivo de evidencia nuevo."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/avances"):
        return redirect
    body = {
        "narrative": narrative,
        "new_status": new_status or None,
        "links": [line.strip() for line in links.splitlines() if line.strip()],
        "keep_evidence": keep_evidence == "1",
    }

    async def resubmit() -> None:
        created = await gateway.call(
            "POST", f"{TRACKING}/updates/{update_id}/resubmission", token=visitor.token, json=body
        )
        if evidence is not None and evidence.filename:
            await upload_evidence(gateway, visitor, created["id"], evidence)

    def redisplay(errors: FormErrors) -> Awaitable[Response]:
        values = {f"narrative-{update_id}": narrative, f"links-{update_id}": links}
        extra = {"errors": errors, "values": values}
        return updates_page(request, gateway, visitor, commitment_id, extra, REFUSED)

    return await submit(
        resubmit(),
        redisplay,
        f"/grupos/{commitment_id}/avances?aviso=reenviada",
        errors=lambda exc: update_errors(exc, f"-{update_id}"),
    )
