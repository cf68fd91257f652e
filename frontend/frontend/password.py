"""Change the password, and above all a temporary one: the gateway lets a token opened
with a temporary password do nothing else (403 ``password_change_required``), so every
page leads here until it is changed (see ``errors.py`` and ``landing.py``)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.field_names import named
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError
from frontend.i18n import _
from frontend.landing import PASSWORD_PAGE, landing, must_change_password
from frontend.render import page, see_other
from frontend.session import VisitorDep, forget_tokens, store_tokens

router = APIRouter()
AUTH = "/api/v1/auth"
LABELS = {
    "current_password": "Contraseña actual",
    "new_password": "Contraseña nueva",
    "new_password_again": "Confirma la contraseña nueva",
}
CODE_FIELDS = {"invalid_credentials": "current_password", "weak_password": "new_password"}


def password_page(request: Request, visitor, errors: FormErrors, status_code: int = 200):
    context = {"errors": named(errors, LABELS), "temporary": must_change_password(visitor)}
    return page(request, "password.html", context, status_code)


def _refusal(exc: ApiError) -> FormErrors:
    if exc.code in CODE_FIELDS:
        return FormErrors(fields={CODE_FIELDS[exc.code]: exc.message or _("No es válida.")})
    return from_api_error(exc)


@router.get(PASSWORD_PAGE, response_class=HTMLResponse)
async def password_form(request: Request, visitor: VisitorDep) -> Response:
    """Cambiar la contraseña (obligatorio después de una contraseña temporal)."""
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={PASSWORD_PAGE}")
    return password_page(request, visitor, FormErrors())


@router.post(PASSWORD_PAGE, dependencies=[CsrfChecked])
async def change_password(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password_again: Annotated[str, Form()] = "",
) -> Response:
    """Cambia la contraseña; la sesión se abre de nuevo con la contraseña nueva."""
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={PASSWORD_PAGE}")
    if new_password != new_password_again:
        message = _("No coincide con la contraseña nueva; escríbela otra vez.")
        return password_page(
            request, visitor, FormErrors(fields={"new_password_again": message}), 422
        )
    try:
        profile = await gateway.call("GET", f"{AUTH}/me", token=visitor.token)
        body = {"current_password": current_password, "new_password": new_password}
        await gateway.call("POST", f"{AUTH}/me/password", token=visitor.token, json=body)
    except ApiError as exc:
        return password_page(request, visitor, _refusal(exc), 422)
    # Every session ended with the change: open a new one, unless a TOTP code is needed.
    forget_tokens(request)
    try:
        pair = await gateway.call(
            "POST", f"{AUTH}/login", json={"email": profile["email"], "password": new_password}
        )
    except ApiError:
        return see_other("/entrar?aviso=contrasena")
    return see_other(await landing(gateway, store_tokens(request, pair)))
