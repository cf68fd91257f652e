"""Sign up (with the privacy notice and its purposes), verify the e-mail, sign in (with a
TOTP code for staff), set up two-step verification, sign out."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep, SettingsDep
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError
from frontend.i18n import _
from frontend.landing import landing
from frontend.render import page, see_other
from frontend.security import queue_cookie
from frontend.session import REFRESH_COOKIE, VisitorDep, forget_tokens, store_tokens

router = APIRouter()
AUTH = "/api/v1/auth"
SETUP_COOKIE = "cocrea_mfa_setup"
# Purposes of the privacy notice; "participation" is the one without which nobody can take part.
PURPOSES = {
    "participation": "Registrar y publicar mis temas, votos y comentarios en la consulta.",
    "statistics": "Usar mi entidad federativa para estadísticas agregadas "
    "(nunca grupos de menos de 5 personas).",
    "notifications": "Enviarme avisos sobre los temas y compromisos que sigo.",
}


def form_page(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    return page(request, name, {"errors": FormErrors(), "values": {}} | context, status_code)


@router.get("/registro", response_class=HTMLResponse)
async def register_form(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """Crear una cuenta ciudadana."""
    return form_page(request, "register.html", {"purposes": PURPOSES})


@router.post("/registro", dependencies=[CsrfChecked])
async def register(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    display_name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    privacy: Annotated[str, Form()] = "",
    purposes: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Registro: acepta el aviso de privacidad con las finalidades elegidas."""
    chosen = sorted({p for p in purposes or [] if p in PURPOSES} | {"participation"})
    values = {"display_name": display_name, "email": email, "purposes": chosen}
    context = {"purposes": PURPOSES, "values": values}
    if privacy != settings.privacy_notice_version:
        errors = FormErrors(
            fields={"privacy": _("Para crear tu cuenta acepta el aviso de privacidad.")}
        )
        return form_page(request, "register.html", context | {"errors": errors}, 422)
    body = {
        "email": email,
        "password": password,
        "display_name": display_name,
        "privacy_notice_version": settings.privacy_notice_version,
        "privacy_purposes": chosen,
    }
    return await submit(
        gateway.call("POST", f"{AUTH}/register", json=body),
        lambda errors: form_page(request, "register.html", context | {"errors": errors}, REFUSED),
        f"/verificar?email={email}",
    )


@router.get("/verificar", response_class=HTMLResponse)
async def verify_form(request: Request, visitor: VisitorDep, email: str = "") -> HTMLResponse:
    """Confirmar el correo con el código de 6 dígitos."""
    return form_page(request, "verify.html", {"values": {"email": email}})


@router.post("/verificar", dependencies=[CsrfChecked])
async def verify(
    request: Request,
    gateway: GatewayDep,
    email: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "verify",
) -> Response:
    """Confirma el correo (o pide un código nuevo)."""
    values = {"email": email}

    def redisplay(errors: FormErrors) -> HTMLResponse:
        return form_page(request, "verify.html", {"values": values, "errors": errors}, REFUSED)

    if action == "resend":  # the same page again, with a new code on its way
        try:
            await gateway.call("POST", f"{AUTH}/verify-email/resend", json={"email": email})
        except ApiError as exc:
            return redisplay(from_api_error(exc))
        notice = _("Te enviamos un código nuevo.")
        return form_page(request, "verify.html", {"values": values, "notice": notice})
    return await submit(
        gateway.call("POST", f"{AUTH}/verify-email", json={"email": email, "code": code.strip()}),
        redisplay,
        "/entrar?aviso=verificado",
    )


@router.get("/entrar", response_class=HTMLResponse)
async def login_form(
    request: Request, visitor: VisitorDep, siguiente: str = "", aviso: str = ""
) -> HTMLResponse:
    """Iniciar sesión."""
    notices = {
        "verificado": _("Tu correo quedó confirmado. Ya puedes iniciar sesión."),
        "contrasena": _("Tu contraseña quedó cambiada. Inicia sesión con la nueva."),
    }
    notice = notices.get(aviso, "")
    return form_page(request, "login.html", {"values": {"next": siguiente}, "notice": notice})


@router.post("/entrar", dependencies=[CsrfChecked])
async def login(
    request: Request,
    gateway: GatewayDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    totp: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> Response:
    """Inicia sesión; al personal con verificación en dos pasos le pide su código."""
    body = {"email": email, "password": password} | ({"totp": totp.strip()} if totp.strip() else {})
    values = {"email": email, "next": next_path}
    try:
        pair = await gateway.call("POST", f"{AUTH}/login", json=body)
    except ApiError as exc:
        if exc.code == "mfa_setup_required" and isinstance(exc.details, dict):
            queue_cookie(request, SETUP_COOKIE, str(exc.details.get("setup_token")), max_age=600)
            return see_other("/cuenta/verificacion-en-dos-pasos")
        errors = from_api_error(exc)
        context = {
            "values": values,
            "errors": errors,
            "ask_totp": exc.code in ("mfa_required", "invalid_totp") or bool(totp),
        }
        return form_page(request, "login.html", context, 401 if exc.status == 401 else 422)
    # Staff land on their own work, citizens where they were going (frontend/landing.py).
    return see_other(await landing(gateway, store_tokens(request, pair), next_path))


@router.post("/salir", dependencies=[CsrfChecked])
async def logout(request: Request, gateway: GatewayDep) -> Response:
    """Cierra la sesión aquí y revoca el token de renovación en el gateway."""
    refresh = request.cookies.get(REFRESH_COOKIE)
    if refresh:
        try:
            await gateway.call("POST", f"{AUTH}/logout", json={"refresh_token": refresh})
        except ApiError:
            pass  # already revoked or expired: signing out here is what matters
    forget_tokens(request)
    return see_other("/?aviso=sesion-cerrada")


@router.get("/cuenta/verificacion-en-dos-pasos", response_class=HTMLResponse)
async def mfa_setup(request: Request, gateway: GatewayDep, visitor: VisitorDep) -> Response:
    """Configurar la verificación en dos pasos: el secreto y el URI otpauth, como texto."""
    setup_token = request.cookies.get(SETUP_COOKIE)
    if not setup_token and not visitor.signed_in:
        return see_other("/entrar?siguiente=/cuenta/verificacion-en-dos-pasos")
    try:
        setup = await gateway.call(
            "POST", f"{AUTH}/mfa/setup", token=visitor.token, json={"setup_token": setup_token}
        )
    except ApiError as exc:
        return form_page(request, "mfa.html", {"setup": None, "errors": from_api_error(exc)}, 422)
    return form_page(request, "mfa.html", {"setup": setup})


@router.post("/cuenta/verificacion-en-dos-pasos", dependencies=[CsrfChecked])
async def mfa_confirm(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    code: Annotated[str, Form()] = "",
    secret: Annotated[str, Form()] = "",
    otpauth_uri: Annotated[str, Form()] = "",
) -> Response:
    """Confirma el primer código; si venía del inicio de sesión, la sesión queda abierta."""
    setup_token = request.cookies.get(SETUP_COOKIE)
    body = {"code": code.strip(), "setup_token": setup_token}
    try:
        confirmed = await gateway.call(
            "POST", f"{AUTH}/mfa/confirm", token=visitor.token, json=body
        )
    except ApiError as exc:
        setup = {"secret": secret, "otpauth_uri": otpauth_uri}
        return form_page(request, "mfa.html", {"setup": setup, "errors": from_api_error(exc)}, 422)
    queue_cookie(request, SETUP_COOKIE, None)
    if isinstance(confirmed, dict) and confirmed.get("tokens"):
        # Set up while signing in: the session opens on the person's own work.
        return see_other(await landing(gateway, store_tokens(request, confirmed["tokens"])))
    return see_other("/cuenta?aviso=mfa")
