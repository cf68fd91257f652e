"""The CURP step: some processes count a vote only from a person with a registered CURP
(one vote per CURP, not per account). The vote page leads here when it is missing; the
consultation service keeps only a keyed hash of it."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.field_names import named
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import VisitorDep

router = APIRouter()
CURP_PAGE = "/cuenta/curp"
LABELS = {"curp": "CURP"}
REASONS = {
    "format": "No tiene la forma de una CURP (18 posiciones: 4 letras, 6 dígitos de la "
    "fecha de nacimiento, H, M o X, la clave de la entidad, 3 consonantes y 2 caracteres).",
    "date": "La fecha de nacimiento (posiciones 5 a 10, AAMMDD) no existe.",
    "check_digit": "El dígito verificador (la última posición) no corresponde; "
    "revisa que esté bien escrita.",
}
CODES = {
    "curp_already_registered": "Ya está registrada en otra cuenta.",
    "account_has_curp": "Tu cuenta ya tiene otra CURP registrada.",
}


def _topic(tema: str) -> str:
    return tema if tema.isalnum() and len(tema) <= 40 else ""


def curp_refusal(exc: ApiError) -> FormErrors:
    reason = exc.details.get("reason") if isinstance(exc.details, dict) else None
    if exc.code == "invalid_curp":
        message = REASONS.get(str(reason), exc.message)
        return FormErrors(fields={"curp": _(message)})
    if exc.code in CODES:
        return FormErrors(fields={"curp": _(CODES[exc.code])})
    return named(from_api_error(exc), LABELS)


def curp_page(request: Request, context: dict, status_code: int = 200) -> HTMLResponse:
    return page(request, "curp.html", {"errors": FormErrors(), "value": ""} | context, status_code)


@router.get(CURP_PAGE, response_class=HTMLResponse)
async def curp_form(request: Request, visitor: VisitorDep, tema: str = "") -> Response:
    """Registrar la CURP (la piden algunos procesos para votar)."""
    topic = _topic(tema)
    if not visitor.signed_in:
        back = f"{CURP_PAGE}?tema={topic}" if topic else CURP_PAGE
        return see_other(f"/entrar?siguiente={back}")
    return curp_page(request, {"topic_id": topic})


@router.post(CURP_PAGE, dependencies=[CsrfChecked])
async def register_curp(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    curp: Annotated[str, Form()] = "",
    tema: Annotated[str, Form()] = "",
) -> Response:
    """Registra la CURP y regresa al tema por el que la persona quería votar."""
    topic = _topic(tema)
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={CURP_PAGE}")
    value = "".join(curp.split()).upper()
    if not value:
        errors = FormErrors(fields={"curp": _("Escribe tus 18 caracteres.")})
        return curp_page(request, {"errors": errors, "topic_id": topic}, 422)
    try:
        await gateway.call(
            "POST", "/api/v1/consultation/me/curp", token=visitor.token, json={"curp": value}
        )
    except ApiError as exc:
        context = {"errors": curp_refusal(exc), "value": value, "topic_id": topic}
        return curp_page(request, context, 422)
    if topic:
        return see_other(f"/consulta/temas/{topic}?aviso=curp#votos")
    return curp_page(request, {"notice": _("Tu CURP quedó registrada.")})
