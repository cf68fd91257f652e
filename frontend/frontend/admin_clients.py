"""/administracion: agency API clients (create with scopes, the secret shown once; revoke)
and the mail the relay could not deliver (retry)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.admin import AUTH, CLIENT_LABELS, HOME, SCOPES, admin_gate, notice_of
from frontend.deps import CsrfChecked, GatewayDep
from frontend.field_names import named
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError, GatewayClient
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep
from frontend.views import parse_day

router = APIRouter(prefix=HOME)
MAIL_KINDS = {
    "email_verification": "Confirmación de correo",
    "staff_welcome": "Bienvenida al personal",
    "notification": "Aviso de seguimiento",
}


def _scope_errors(errors: FormErrors) -> FormErrors:
    """``scopes.2`` (one bad scope) belongs to the scopes field of the form."""
    fields = {}
    for name, message in errors.fields.items():
        fields.setdefault("scopes" if name.startswith("scopes") else name, message)
    return named(FormErrors(fields=fields, general=errors.general), CLIENT_LABELS)


async def clients_page(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    extra: dict | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    listing = await gateway.call(
        "GET", f"{AUTH}/clients", token=visitor.token, params={"limit": 200}
    )
    clients = [
        c | {"created_on": parse_day(c.get("created_at")),
             "revoked_on": parse_day(c.get("revoked_at"))}
        for c in listing.get("items") or []
    ]  # fmt: skip
    context = {"clients": clients, "scopes": SCOPES, "errors": FormErrors(), "values": {}}
    return page(request, "admin_clients.html", context | (extra or {}), status_code)


@router.get("/clientes-api", response_class=HTMLResponse)
async def client_list(
    request: Request, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Clientes de la API de otras dependencias: registrar y revocar."""
    if denied := admin_gate(request, visitor, f"{HOME}/clientes-api"):
        return denied
    return await clients_page(request, gateway, visitor, {"notice": notice_of(aviso)})


@router.post("/clientes-api", dependencies=[CsrfChecked])
async def client_create(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    name: Annotated[str, Form()] = "",
    organization: Annotated[str, Form()] = "",
    scopes: Annotated[list[str] | None, Form()] = None,
    other_scopes: Annotated[str, Form()] = "",
) -> Response:
    """Registra un cliente; su secreto se muestra una sola vez."""
    if denied := admin_gate(request, visitor, f"{HOME}/clientes-api"):
        return denied
    chosen = sorted(set(scopes or []) | set(other_scopes.replace(",", " ").split()))
    values = {"name": name, "organization": organization, "scopes": chosen,
              "other_scopes": other_scopes}  # fmt: skip
    body = {"name": name.strip(), "organization": organization.strip(), "scopes": chosen}
    try:
        created = await gateway.call("POST", f"{AUTH}/clients", token=visitor.token, json=body)
    except ApiError as exc:
        errors = _scope_errors(from_api_error(exc))
        extra = {"errors": errors, "values": values}
        return await clients_page(request, gateway, visitor, extra, 422)
    return await clients_page(request, gateway, visitor, {"created": created}, 201)


@router.post("/clientes-api/{client_id}/revocar", dependencies=[CsrfChecked])
async def client_revoke(
    request: Request, client_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Revoca un cliente: no obtiene más tokens."""
    if denied := admin_gate(request, visitor, f"{HOME}/clientes-api"):
        return denied
    await gateway.call("DELETE", f"{AUTH}/clients/{client_id}", token=visitor.token)
    return see_other(f"{HOME}/clientes-api?aviso=revocado#client-{client_id}")


@router.get("/correos", response_class=HTMLResponse)
async def mail_failures(
    request: Request, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Correos que no se pudieron entregar, con el último error, para reintentarlos."""
    if denied := admin_gate(request, visitor, f"{HOME}/correos"):
        return denied
    listing = await gateway.call(
        "GET", f"{AUTH}/mail/failures", token=visitor.token, params={"limit": 200}
    )
    failures = [
        f | {"kind_label": _(MAIL_KINDS.get(f.get("kind", ""), f.get("kind", ""))),
             "failed_on": parse_day(f.get("failed_at") or f.get("queued_at"))}
        for f in listing.get("items") or []
    ]  # fmt: skip
    context = {"failures": failures, "notice": notice_of(aviso)}
    return page(request, "admin_mail.html", context)


@router.post("/correos/{failure_id}/reintentar", dependencies=[CsrfChecked])
async def mail_retry(
    request: Request, failure_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Vuelve a poner un correo en la cola de envío."""
    if denied := admin_gate(request, visitor, f"{HOME}/correos"):
        return denied
    path = f"{AUTH}/mail/failures/{failure_id}/retry"
    await gateway.call("POST", path, token=visitor.token)
    return see_other(f"{HOME}/correos?aviso=reintento")
