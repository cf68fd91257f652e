"""Territorial capture: staff type in paper questionnaires of the in-person consultation,
one by one or as a CSV file. A file is imported whole or not at all: when one row is bad
the page says that nothing was imported and names every bad row and its field."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from frontend.consultation import consultation_open
from frontend.deps import CsrfChecked, GatewayDep
from frontend.errors import error_page
from frontend.field_names import named
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError, GatewayClient
from frontend.i18n import _
from frontend.landing import CAPTURE_PAGE
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep
from reference.areas import AREAS
from reference.roles import WORKING_GROUP
from reference.states import STATES

router = APIRouter(prefix=CAPTURE_PAGE)
# Territorial capture: the working groups' sectors and the Committee (not the admins).
CAPTURE_ROLES = WORKING_GROUP
PROCESSES = "/api/v1/consultation/processes"
COLUMNS = ("title", "problem", "affected", "solution", "area", "state_code", "sdg_tags")
LABELS = {
    "process_id": "Proceso",
    "title": "Título",
    "problem": "Problema",
    "affected": "A quién afecta",
    "solution": "Solución propuesta",
    "area": "Área",
    "state_code": "Entidad federativa",
    "sdg_tags": "ODS",
    "file": "Archivo CSV",
    "file_process_id": "Proceso",
}
CHOOSE_PROCESS = "Elige el proceso de la consulta."
MAX_BYTES = 2_000_000


def capture_gate(request: Request, visitor: Visitor) -> Response | None:
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={CAPTURE_PAGE}")
    if visitor.role not in CAPTURE_ROLES:
        message = _("La captura territorial es para el personal que levanta cuestionarios.")
        return error_page(request, 403, _("No tienes acceso a esta página"), message)
    return None


async def open_processes(gateway: GatewayClient) -> list[dict]:
    return [p for p in await gateway.processes() if consultation_open(p)]


async def capture_page(
    request: Request, gateway: GatewayClient, extra: dict, status_code: int = 200
) -> HTMLResponse:
    context = {
        "processes": await open_processes(gateway),
        "areas": AREAS,
        "states": STATES,
        "columns": COLUMNS,
        "labels": LABELS,
        "errors": FormErrors(),
        "file_errors": FormErrors(),
        "values": {},
        "report": None,
    }
    return page(request, "territorial.html", context | extra, status_code)


@router.get("", response_class=HTMLResponse)
async def capture_form(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    aviso: str = "",
    tema: str = "",
    importados: int = 0,
) -> Response:
    """Captura territorial: un cuestionario a mano o un archivo CSV de cuestionarios."""
    if denied := capture_gate(request, visitor):
        return denied
    notice = ""
    if aviso == "cuestionario":
        notice = _("El cuestionario quedó guardado como participación territorial.")
    elif aviso == "archivo":
        notice = _("Se importaron todos los cuestionarios del archivo: %(n)d.") % {"n": importados}
    return await capture_page(request, gateway, {"notice": notice, "topic_id": tema[:40]})


@router.post("/cuestionario", dependencies=[CsrfChecked])
async def capture_one(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    process_id: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    problem: Annotated[str, Form()] = "",
    affected: Annotated[str, Form()] = "",
    solution: Annotated[str, Form()] = "",
    area: Annotated[str, Form()] = "",
    state_code: Annotated[str, Form()] = "",
    sdg_tags: Annotated[str, Form()] = "",
) -> Response:
    """Guarda un cuestionario en papel como tema de la consulta (canal territorial)."""
    if denied := capture_gate(request, visitor):
        return denied
    values = {"process_id": process_id, "title": title, "problem": problem,
              "affected": affected, "solution": solution, "area": area,
              "state_code": state_code, "sdg_tags": sdg_tags}  # fmt: skip
    if not process_id:
        errors = named(FormErrors(fields={"process_id": _(CHOOSE_PROCESS)}), LABELS)
        return await capture_page(request, gateway, {"errors": errors, "values": values}, 422)
    body = {k: v.strip() for k, v in values.items() if k not in ("process_id", "sdg_tags")}
    body["sdg_tags"] = sdg_tags.replace(",", " ").replace(";", " ").split()
    path = f"{PROCESSES}/{process_id}/territorial/topics"
    return await submit(
        gateway.call("POST", path, token=visitor.token, json=body),
        lambda errors: capture_page(
            request, gateway, {"errors": errors, "values": values}, REFUSED
        ),
        lambda created: f"{CAPTURE_PAGE}?aviso=cuestionario&tema={created['id']}",
        errors=lambda exc: named(from_api_error(exc), LABELS),
    )


def rejected_rows(exc: ApiError) -> list[dict]:
    """``import_rejected``: every problem by row (the header is row 1) and field."""
    found = (exc.details or {}).get("errors") if isinstance(exc.details, dict) else None
    return [
        {"row": e.get("row"), "field": e.get("field") or "",
         "label": _(LABELS.get(e.get("field") or "", e.get("field") or "")),
         "message": e.get("message") or ""}
        for e in found or [] if isinstance(e, dict)
    ]  # fmt: skip


def file_refusal(exc: ApiError) -> str:
    missing = (exc.details or {}).get("missing_columns") if isinstance(exc.details, dict) else None
    if missing:
        columns = ", ".join(missing)
        return _("Faltan las columnas %(columns)s.") % {"columns": columns}
    return exc.message or _("No se pudo leer el archivo.")


@router.post("/archivo", dependencies=[CsrfChecked])
async def capture_file(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    process_id: Annotated[str, Form()] = "",
    file: UploadFile | None = None,
) -> Response:
    """Importa un CSV de cuestionarios: todas las filas, o ninguna si alguna tiene errores."""
    if denied := capture_gate(request, visitor):
        return denied
    values = {"file_process_id": process_id}
    content = await file.read(MAX_BYTES + 1) if file is not None and file.filename else b""
    problem = ""
    if not process_id:
        problem = "process"
    elif not content:
        problem = _("Elige el archivo con los cuestionarios.")
    elif len(content) > MAX_BYTES:
        problem = _("Pesa más de 2 MB; divídelo en varios archivos.")
    if problem:
        fields = (
            {"file_process_id": _(CHOOSE_PROCESS)} if problem == "process" else {"file": problem}
        )
        extra = {"file_errors": named(FormErrors(fields=fields), LABELS), "values": values}
        return await capture_page(request, gateway, extra, 422)
    files = {"file": (file.filename, content, "text/csv")}
    path = f"{PROCESSES}/{process_id}/territorial/import"
    try:
        imported = await gateway.call("POST", path, token=visitor.token, files=files)
    except ApiError as exc:
        report = rejected_rows(exc) if exc.code == "import_rejected" else []
        message = exc.message if report else file_refusal(exc)
        errors = named(
            FormErrors(fields={} if report else {"file": message}, general=message), LABELS
        )
        extra = {"file_errors": errors, "report": report, "values": values}
        return await capture_page(request, gateway, extra, 422)
    return see_other(f"{CAPTURE_PAGE}?aviso=archivo&importados={imported['imported']}")
