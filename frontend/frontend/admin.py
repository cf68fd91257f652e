"""/administracion (admin): staff accounts, agency API clients and undelivered mail.

Everything goes through the gateway's admin routes (``/api/v1/auth/staff``, ``/clients``,
``/mail/failures``); a temporary password or a client secret is shown once, on the page
that answers the form, and never stored by the site.
"""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.errors import error_page
from frontend.field_names import named
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError, GatewayClient
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep
from frontend.views import parse_day

router = APIRouter(prefix="/administracion")
AUTH = "/api/v1/auth"
HOME = "/administracion"
ROLES = {
    "government": "Gobierno (servidora o servidor público)",
    "cso": "Sociedad civil",
    "inai": "Órgano garante",
    "committee": "Comité Coordinador",
    "admin": "Administración de la plataforma",
}
SCOPES = {
    "consultation:write": "Escribir en la consulta (captura territorial, procesos)",
    "tracking:webhooks": "Suscribir avisos (webhooks) del seguimiento",
}
STAFF_LABELS = {
    "email": "Correo electrónico",
    "display_name": "Nombre",
    "role": "Rol",
    "organization": "Organización",
}
CLIENT_LABELS = {"name": "Nombre del cliente", "organization": "Organización", "scopes": "Alcances"}
NOTICES = {
    "rol": "El rol quedó cambiado; sus sesiones abiertas terminaron.",
    "desactivada": "La cuenta quedó desactivada; sus sesiones terminaron.",
    "reactivada": "La cuenta quedó activa de nuevo.",
    "verificacion": "La verificación en dos pasos quedó borrada; se configura al iniciar sesión.",
    "revocado": "El cliente quedó revocado: ya no obtiene tokens y los que tenía dejan de servir.",
    "reintento": "El correo volvió a la cola de envío.",
}


def admin_gate(request: Request, visitor: Visitor, target: str) -> Response | None:
    """Sign in first; then only the admin role gets through."""
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={target}")
    if visitor.role != "admin":
        message = _("Esta sección es solo para la administración de la plataforma.")
        return error_page(request, 403, _("No tienes acceso a esta página"), message)
    return None


def notice_of(aviso: str) -> str:
    return _(NOTICES[aviso]) if aviso in NOTICES else ""


@router.get("", response_class=HTMLResponse)
async def admin_home(request: Request, visitor: VisitorDep) -> Response:
    """Administración: cuentas del personal, clientes de la API y correos no entregados."""
    if denied := admin_gate(request, visitor, HOME):
        return denied
    return page(request, "admin.html", {})


# --- staff accounts -------------------------------------------------------------------


async def staff_page(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    extra: dict | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    listing = await gateway.call("GET", f"{AUTH}/staff", token=visitor.token, params={"limit": 200})
    accounts = [
        a | {"role_label": _(ROLES.get(a.get("role", ""), a.get("role", ""))),
             "created_on": parse_day(a.get("created_at"))}
        for a in listing.get("items") or []
    ]  # fmt: skip
    context = {"accounts": accounts, "roles": ROLES, "errors": FormErrors(), "values": {}}
    return page(request, "admin_staff.html", context | (extra or {}), status_code)


@router.get("/personal", response_class=HTMLResponse)
async def staff_list(
    request: Request, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Cuentas del personal: crear, cambiar el rol, desactivar, borrar la verificación."""
    if denied := admin_gate(request, visitor, f"{HOME}/personal"):
        return denied
    return await staff_page(request, gateway, visitor, {"notice": notice_of(aviso)})


@router.post("/personal", dependencies=[CsrfChecked])
async def staff_create(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    email: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    organization: Annotated[str, Form()] = "",
) -> Response:
    """Crea una cuenta del personal; la contraseña temporal se muestra una sola vez."""
    if denied := admin_gate(request, visitor, f"{HOME}/personal"):
        return denied
    values = {"email": email, "display_name": display_name, "role": role,
              "organization": organization}  # fmt: skip
    body = {k: v.strip() for k, v in values.items() if v.strip()}
    try:
        created = await gateway.call("POST", f"{AUTH}/staff", token=visitor.token, json=body)
    except ApiError as exc:
        errors = named(from_api_error(exc), STAFF_LABELS)
        return await staff_page(
            request, gateway, visitor, {"errors": errors, "values": values}, 422
        )
    return await staff_page(request, gateway, visitor, {"created": created}, 201)


async def update_staff(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    account_id: str,
    body: dict,
    notice: str,
) -> Response:
    if denied := admin_gate(request, visitor, f"{HOME}/personal"):
        return denied
    field = f"account-{account_id}"

    def account_refusal(exc: ApiError) -> FormErrors:
        message = exc.message or _("No pudimos cambiar la cuenta.")
        return named(FormErrors(fields={field: message}), {field: "Cuenta"})

    return await submit(
        gateway.call("PATCH", f"{AUTH}/staff/{account_id}", token=visitor.token, json=body),
        lambda errors: staff_page(request, gateway, visitor, {"errors": errors}, REFUSED),
        f"{HOME}/personal?aviso={notice}#account-{account_id}",
        errors=account_refusal,
    )


@router.post("/personal/{account_id}/rol", dependencies=[CsrfChecked])
async def staff_role(
    request: Request,
    account_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    role: Annotated[str, Form()] = "",
) -> Response:
    """Cambia el rol de una cuenta (sus sesiones terminan)."""
    return await update_staff(request, gateway, visitor, account_id, {"role": role}, "rol")


@router.post("/personal/{account_id}/estado", dependencies=[CsrfChecked])
async def staff_active(
    request: Request,
    account_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    active: Annotated[str, Form()] = "",
) -> Response:
    """Desactiva (o reactiva) una cuenta."""
    activate = active == "si"
    notice = "reactivada" if activate else "desactivada"
    body = {"is_active": activate}
    return await update_staff(request, gateway, visitor, account_id, body, notice)


@router.post("/personal/{account_id}/verificacion", dependencies=[CsrfChecked])
async def staff_reset_mfa(
    request: Request, account_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Borra la verificación en dos pasos (dispositivo perdido)."""
    body = {"reset_mfa": True}
    return await update_staff(request, gateway, visitor, account_id, body, "verificacion")
