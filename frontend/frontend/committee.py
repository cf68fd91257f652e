"""The Coordinating Committee's tools, as plain forms: phase dates, moderation of topics,
systematization into themes, and reasoned responses to topics."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.consultation import current_process
from frontend.deps import CsrfChecked, GatewayDep, SettingsDep
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors
from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.i18n import _
from frontend.pages import local_today
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep
from frontend.views import build_timelines
from reference.areas import AREAS
from reference.roles import COMMITTEE
from reference.statuses import ANSWER_STATES

router = APIRouter(prefix="/comite")
CONSULTATION = "/api/v1/consultation"
NOTICES = {
    "moderado": "La decisión de moderación quedó registrada.",
    "tema-creado": "El tema de trabajo quedó creado como borrador.",
    "temas-agregados": "Los temas quedaron agrupados.",
    "publicado": "El tema de trabajo quedó publicado.",
    "promovido": "El tema de trabajo se promovió a propuesta de compromiso.",
    "respuesta": "La respuesta quedó guardada.",
    "respuesta-publicada": "La respuesta quedó publicada.",
    "fase": "Las nuevas fechas de la fase quedaron registradas con su motivo.",
}


def committee_only(visitor: Visitor, target: str) -> Response | None:
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={target}")
    if visitor.role not in COMMITTEE:
        raise ApiError(403, "forbidden", _("Solo el Comité Coordinador usa estas herramientas."))
    return None


async def awaiting_validation(gateway: GatewayClient, visitor: Visitor) -> int | None:
    """How many progress updates wait for the Committee (``None`` if it cannot be read)."""
    try:
        found = await gateway.call(
            "GET",
            "/api/v1/tracking/updates",
            token=visitor.token,
            params={"awaiting": "committee", "limit": 200},
        )
    except (ApiError, GatewayUnavailable):
        return None
    return len((found or {}).get("items") or [])


async def committee_page(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    today: Any,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    process = await current_process(gateway)
    themes: list[dict] = []
    topics: list[dict] = []
    if process is not None:
        found = await gateway.call(
            "GET", f"{CONSULTATION}/processes/{process['id']}/themes", token=visitor.token
        )
        themes = found.get("items") or []
        listing = await gateway.call(
            "GET", f"{CONSULTATION}/topics", params={"process_id": process["id"], "limit": 50}
        )
        topics = listing.get("items") or []
    context = {
        "process": process,
        "timelines": build_timelines(await gateway.processes(), today),
        "awaiting": await awaiting_validation(gateway, visitor),
        "themes": themes,
        "topics": topics,
        "areas": AREAS,
        "answer_states": ANSWER_STATES,
        "errors": FormErrors(),
        "values": {},
        "notice": "",
    }
    return page(request, "committee.html", context | (extra or {}), status_code=status_code)


@router.get("", response_class=HTMLResponse)
async def tools(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    aviso: str = "",
) -> Response:
    """Herramientas del Comité: fechas de las fases, moderación, sistematización, respuestas."""
    if redirect := committee_only(visitor, "/comite"):
        return redirect
    notice = _(NOTICES[aviso]) if aviso in NOTICES else ""
    today = local_today(settings.time_zone)
    return await committee_page(request, gateway, visitor, today, {"notice": notice})


async def committee_call(
    request: Request,
    gateway: GatewayClient,
    settings: Any,
    visitor: Visitor,
    call: tuple[str, str, Any],
    notice: str,
    values: dict[str, Any] | None = None,
) -> Response:
    """One write; on success back to the tools, on refusal the tools with the reason."""
    if redirect := committee_only(visitor, "/comite"):
        return redirect
    method, path, body = call

    async def redisplay(errors: FormErrors) -> Response:
        extra = {"errors": errors, "values": values or {}}
        today = local_today(settings.time_zone)
        return await committee_page(request, gateway, visitor, today, extra, REFUSED)

    return await submit(
        gateway.call(method, path, token=visitor.token, json=body),
        redisplay,
        f"/comite?aviso={notice}",
    )


@router.post("/moderacion", dependencies=[CsrfChecked])
async def moderate(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    topic_id: Annotated[str, Form()] = "",
    other_topic_id: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "hide",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Ocultar o restaurar un tema reportado, siempre con motivo."""
    target = other_topic_id.strip() or topic_id
    values = {"topic_id": topic_id, "other_topic_id": other_topic_id, "action": action}
    values["reason"] = reason
    path = f"{CONSULTATION}/topics/{target}/moderation"
    call = ("POST", path, {"action": action, "reason": reason})
    return await committee_call(request, gateway, settings, visitor, call, "moderado", values)


@router.post("/temas", dependencies=[CsrfChecked])
async def create_theme(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    process_id: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    areas: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Crear un tema de trabajo (borrador) para agrupar temas de la consulta."""
    body = {"title": title, "description": description, "areas": areas or []}
    call = ("POST", f"{CONSULTATION}/processes/{process_id}/themes", body)
    return await committee_call(request, gateway, settings, visitor, call, "tema-creado", body)


@router.post("/temas/{theme_id}/{action}", dependencies=[CsrfChecked])
async def theme_action(
    request: Request,
    theme_id: str,
    action: str,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    topic_ids: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Agrupar temas en un tema de trabajo, publicarlo o promoverlo a compromiso."""
    base = f"{CONSULTATION}/themes/{theme_id}"
    calls = {
        "agrupar": (("POST", f"{base}/topics", {"topic_ids": topic_ids or []}), "temas-agregados"),
        "publicar": (("POST", f"{base}/publish", None), "publicado"),
        "promover": (("POST", f"{base}/promote", None), "promovido"),
    }
    if action not in calls:
        raise ApiError(404, "not_found", _("Esa acción no existe."))
    call, notice = calls[action]
    return await committee_call(request, gateway, settings, visitor, call, notice)


@router.post("/respuestas", dependencies=[CsrfChecked])
async def answer_topic(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    topic_id: Annotated[str, Form()] = "",
    state: Annotated[str, Form()] = "",
    justification: Annotated[str, Form()] = "",
    publish: Annotated[str, Form()] = "",
) -> Response:
    """Redactar la respuesta razonada a un tema y, si se pide, publicarla."""
    values = {"topic_id": topic_id, "state": state, "justification": justification}
    path = f"{CONSULTATION}/topics/{topic_id.strip()}/response"
    call = ("PUT", path, {"state": state, "justification": justification})
    drafted = await committee_call(request, gateway, settings, visitor, call, "respuesta", values)
    if publish != "1" or drafted.status_code != 303:
        return drafted
    call = ("POST", f"{path}/publish", None)
    return await committee_call(
        request, gateway, settings, visitor, call, "respuesta-publicada", values
    )


@router.post("/fases", dependencies=[CsrfChecked])
async def change_phase(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    process_id: Annotated[str, Form()] = "",
    phase_key: Annotated[str, Form()] = "",
    starts_on: Annotated[str, Form()] = "",
    ends_on: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Ampliar o mover una fase: nuevas fechas y un motivo, que se publica."""
    values = {"phase_key": phase_key, "starts_on": starts_on, "ends_on": ends_on}
    values["reason"] = reason
    path = f"{CONSULTATION}/processes/{process_id}/phases/{phase_key}"
    call = ("PUT", path, {"starts_on": starts_on, "ends_on": ends_on, "reason": reason})
    return await committee_call(request, gateway, settings, visitor, call, "fase", values)
