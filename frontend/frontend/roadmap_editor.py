"""The roadmap editor, with a clear conflict view.

Saving sends the whole content with ``If-Match``. When someone else saved first the API
answers 412 with their version in ``details``: the page shows their roadmap beside the one
this person typed, keeps every typed field in the form, and carries the current version so
that saving again (after comparing) goes through.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.field_placement import api_errors
from frontend.forms import FormErrors
from frontend.gateway import ApiError, GatewayClient
from frontend.group_checklist import weight_warning
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.roadmap_form import (
    differences,
    editable,
    local_errors,
    padded,
    save_body,
    typed_values,
    weight_total,
)
from frontend.session import Visitor, VisitorDep
from frontend.staff import ROADMAPS, current_roadmap, group_members, staff_only

router = APIRouter(prefix="/grupos")
# The parts of a roadmap a conflict compares, as the form calls them.
COMPARED_LABELS = {
    "responsible_public_servant_id": "Servidor público responsable",
    "responsible_cso_person_id": "Persona de sociedad civil responsable",
    "final_result": "Resultado final",
    "expected_products": "Productos esperados",
    "indicators": "Indicadores",
    "means_of_verification": "Medios de verificación",
    "dates": "Fechas",
    "key_actions": "Acciones clave",
}


def warnings(roadmap: dict | None, values: dict[str, Any]) -> dict[str, Any]:
    """What the page says before saving: what is still missing (until agreement), the weight
    total, and which signatures a new version voids."""
    roadmap = roadmap or {}
    total = weight_total(values) if values.get("key_actions") else None
    signed = [s.get("name") or "" for s in roadmap.get("sign_offs") or []]
    return {
        "missing": [_(m.get("label") or "") for m in roadmap.get("missing_elements") or []],
        "weights_warning": weight_warning(total),
        "voids": [name for name in signed if name],
        "reopens": roadmap.get("status") == "agreed",
    }


def editor_page(request: Request, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    values = context["values"]
    members = context.get("members") or []
    context = (
        warnings(context.get("roadmap"), values)
        | {
            "roadmap": None,
            "errors": FormErrors(),
            "conflict": None,
            "saved": False,
            "rows": padded(values.get("key_actions") or []),
            "government": [m for m in members if m.get("sector") == "government"],
            "cso": [m for m in members if m.get("sector") == "cso"],
            "names": {m.get("account_id"): m.get("name") for m in members},
        }
        | context
    )
    return page(request, "roadmap_edit.html", context, status_code=status_code)


@router.get("/{commitment_id}/hoja-de-ruta", response_class=HTMLResponse)
async def roadmap_form(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Editar la hoja de ruta (la versión que se edita viaja en el formulario)."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/hoja-de-ruta"):
        return redirect
    roadmap, etag = await current_roadmap(gateway, visitor, commitment_id)
    context = {
        "commitment_id": commitment_id,
        "roadmap": roadmap,
        "version": (roadmap or {}).get("version") or "",
        "etag": etag,
        "values": editable((roadmap or {}).get("content") or {}),
        "members": await group_members(gateway, commitment_id),
        "saved": aviso == "guardado",
    }
    return editor_page(request, context)


@router.post("/{commitment_id}/hoja-de-ruta", dependencies=[CsrfChecked])
async def roadmap_save(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    version: Annotated[str, Form()] = "",
    etag: Annotated[str, Form()] = "",
    message: Annotated[str, Form()] = "",
    justification: Annotated[str, Form()] = "",
    then: Annotated[str, Form()] = "",
) -> Response:
    """Guarda con ``If-Match`` (incompleta, como borrador); si alguien guardó antes, muestra
    ambas versiones con sus diferencias marcadas. ``then=grupo``: guarda y vuelve al grupo."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/hoja-de-ruta"):
        return redirect
    typed = typed_values(await request.form())
    typed |= {"message": message, "justification": justification}
    context = {"commitment_id": commitment_id, "version": version, "etag": etag, "values": typed}
    context["roadmap"], _etag = await current_roadmap(gateway, visitor, commitment_id)
    if fields := local_errors(typed):
        context |= {"errors": FormErrors(fields=fields)}
        context["members"] = await group_members(gateway, commitment_id)
        return editor_page(request, context, 422)
    path = f"{ROADMAPS}/commitments/{commitment_id}/roadmap"
    body = save_body(typed, message, justification)
    try:
        if version.isdigit():  # the ETag received with the version being edited
            headers = {"If-Match": etag} if etag else {}
            await gateway.call("PUT", path, token=visitor.token, json=body, headers=headers)
        else:
            await gateway.call("POST", path, token=visitor.token, json=body)
    except ApiError as exc:
        return await conflict_or_errors(request, gateway, visitor, context, exc)
    if then == "grupo":
        return see_other(f"/grupos/{commitment_id}?aviso=guardado")
    return see_other(f"/grupos/{commitment_id}/hoja-de-ruta?aviso=guardado")


def author_label(visitor: Visitor, author_id: Any, author: Any) -> str:
    """Who saved first, by name; this same person from another device or tab says so."""
    if author_id and author_id == visitor.account_id:
        return _("Tú, desde otra sesión")
    return str(author or _("Otra persona del grupo"))


def conflict_of(exc: ApiError) -> dict[str, Any] | None:
    details = exc.details if isinstance(exc.details, dict) else {}
    if exc.status != 412:
        return None
    current = details.get("current") if isinstance(details.get("current"), dict) else {}
    content = current.get("content", current)
    return {
        "version": details.get("current_version") or current.get("version"),
        "etag": str(details.get("etag") or ""),
        "theirs": editable(content if isinstance(content, dict) else {}),
        "author": current.get("version_author"),
        "author_id": current.get("version_author_id"),
        "message": current.get("version_message"),
    }


async def conflict_or_errors(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    context: dict[str, Any],
    exc: ApiError,
) -> HTMLResponse:
    conflict = conflict_of(exc)
    members = await group_members(gateway, context["commitment_id"])
    context = context | {"members": members, "conflict": conflict}
    if conflict is not None:
        # The form now names the version saved first: saving again, after comparing, is
        # a deliberate choice to replace it with what this person typed.
        context["version"] = str(conflict["version"] or context["version"])
        context["etag"] = conflict["etag"] or context["etag"]
        conflict["who"] = author_label(visitor, conflict["author_id"], conflict["author"])
        conflict["differs"] = differences(conflict["theirs"], context["values"])
        conflict["differs_labels"] = [_(COMPARED_LABELS[k]) for k in conflict["differs"]]
        return editor_page(request, context, 409)
    errors = api_errors(exc)
    return editor_page(request, context | {"errors": errors}, 422)
