"""The working-group area: my groups and the roadmap editor, with a clear conflict view.

When someone else saved first the API answers 412 with their version in ``details``: the
page shows their text beside the text this person typed, so nothing is lost.
"""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep

router = APIRouter(prefix="/grupos")
ROADMAPS = "/api/v1/roadmaps"
LIST_FIELDS = ("expected_products", "indicators", "means_of_verification")


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
    return page(request, "groups.html", {"groups": groups.get("items") or []})


def editable(content: dict) -> dict:
    """The roadmap's text fields as the form shows them (lists one item per line)."""
    values = {"final_result": content.get("final_result") or ""}
    for name in LIST_FIELDS:
        values[name] = "\n".join(content.get(name) or [])
    values["start_date"] = content.get("start_date") or ""
    values["end_date"] = content.get("end_date") or ""
    return values


@router.get("/{commitment_id}/hoja-de-ruta", response_class=HTMLResponse)
async def roadmap_form(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Editar la hoja de ruta (la versión que se edita viaja en el formulario)."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/hoja-de-ruta"):
        return redirect
    roadmap = await gateway.call(
        "GET", f"{ROADMAPS}/commitments/{commitment_id}/roadmap", token=visitor.token
    )
    context = {
        "commitment_id": commitment_id,
        "roadmap": roadmap,
        "version": roadmap.get("version"),
        "values": editable(roadmap.get("content") or {}),
        "errors": FormErrors(),
        "conflict": None,
        "saved": aviso == "guardado",
    }
    return page(request, "roadmap_edit.html", context)


@router.post("/{commitment_id}/hoja-de-ruta", dependencies=[CsrfChecked])
async def roadmap_save(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    version: Annotated[int, Form()],
    message: Annotated[str, Form()] = "",
    final_result: Annotated[str, Form()] = "",
    expected_products: Annotated[str, Form()] = "",
    indicators: Annotated[str, Form()] = "",
    means_of_verification: Annotated[str, Form()] = "",
) -> Response:
    """Guarda con ``If-Match``; si alguien guardó antes, muestra ambas versiones."""
    if redirect := staff_only(visitor, f"/grupos/{commitment_id}/hoja-de-ruta"):
        return redirect
    typed = {
        "final_result": final_result,
        "expected_products": expected_products,
        "indicators": indicators,
        "means_of_verification": means_of_verification,
    }
    patch = {"message": message or "Edición desde el sitio", "final_result": final_result}
    patch |= {
        n: [line.strip() for line in typed[n].splitlines() if line.strip()] for n in LIST_FIELDS
    }
    try:
        await gateway.call(
            "PATCH",
            f"{ROADMAPS}/commitments/{commitment_id}/roadmap",
            token=visitor.token,
            json=patch,
            headers={"If-Match": f'"{version}"'},
        )
    except ApiError as exc:
        return conflict_or_errors(request, commitment_id, version, typed, exc)
    return see_other(f"/grupos/{commitment_id}/hoja-de-ruta?aviso=guardado")


def conflict_or_errors(
    request: Request, commitment_id: str, version: int, typed: dict, exc: ApiError
) -> Response:
    details = exc.details if isinstance(exc.details, dict) else {}
    conflict = None
    if exc.status == 412:
        current = details.get("current") or {}
        content = current.get("content", current) if isinstance(current, dict) else {}
        conflict = {
            "version": details.get("current_version"),
            "theirs": editable(content),
            "author": current.get("version_author") if isinstance(current, dict) else None,
        }
        version = int(details.get("current_version") or version)
    context = {
        "commitment_id": commitment_id,
        "roadmap": None,
        "version": version,
        "values": typed,
        "errors": FormErrors() if conflict else from_api_error(exc),
        "conflict": conflict,
        "saved": False,
    }
    return page(request, "roadmap_edit.html", context, 409 if conflict else 422)
