"""The Committee answers citizens' comments on commitments' progress: the comments still
without a published answer, each with a form for the answer's state and justification,
published at once beside the comment (its author is notified)."""

from collections.abc import Awaitable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.committee import committee_only
from frontend.committee_forms import plan_codes
from frontend.config import FrontendSettings
from frontend.deps import CsrfChecked, GatewayDep, SettingsDep
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors
from frontend.gateway import GatewayClient
from frontend.i18n import _
from frontend.render import page
from frontend.session import Visitor, VisitorDep
from frontend.views import parse_day
from reference.statuses import ANSWER_STATES

router = APIRouter(prefix="/comite/comentarios-avance")
COMMENTS = "/api/v1/consultation/commitment-comments"
HERE = "/comite/comentarios-avance"
NOTICES = {
    "respondido": "La respuesta razonada quedó publicada y se avisó a quien comentó.",
    "ocultado": "El comentario quedó oculto; la decisión y su motivo quedan registrados.",
}


async def answers_page(
    request: Request,
    gateway: GatewayClient,
    settings: FrontendSettings,
    visitor: Visitor,
    plan: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    codes = await plan_codes(gateway, settings)
    plan_code = plan if plan in codes else ""
    params = {"limit": 200} | ({"plan_code": plan_code} if plan_code else {})
    found = await gateway.call("GET", COMMENTS, token=visitor.token, params=params)
    items = [c | {"created_on": parse_day(c.get("created_at"))} for c in found.get("items") or []]
    context = {"plan": plan_code, "plans": codes, "comments": items, "notice": ""}
    context |= {"answer_states": ANSWER_STATES, "errors": FormErrors(), "values": {}}
    context |= {"answering": ""}
    return page(request, "committee_progress_comments.html", context | (extra or {}), status_code)


@router.get("", response_class=HTMLResponse)
async def awaiting(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan: str = "",
    aviso: str = "",
) -> Response:
    """Comentarios sobre el avance de los compromisos que esperan la respuesta del Comité."""
    if redirect := committee_only(visitor, HERE):
        return redirect
    notice = _(NOTICES[aviso]) if aviso in NOTICES else ""
    return await answers_page(request, gateway, settings, visitor, plan, {"notice": notice})


@router.post("/{comment_id}", dependencies=[CsrfChecked])
async def answer(
    request: Request,
    comment_id: str,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan: Annotated[str, Form()] = "",
    state: Annotated[str, Form()] = "",
    justification: Annotated[str, Form()] = "",
) -> Response:
    """Responder un comentario sobre el avance (estado y justificación) y publicarlo."""
    if redirect := committee_only(visitor, HERE):
        return redirect
    path = f"{COMMENTS}/{comment_id}/response"

    async def answer_and_publish() -> None:
        body = {"state": state, "justification": justification}
        await gateway.call("PUT", path, token=visitor.token, json=body)
        await gateway.call("POST", f"{path}/publish", token=visitor.token)

    def redisplay(errors: FormErrors) -> Awaitable[Response]:
        errors.fields = {
            (f"justification-{comment_id}" if k in ("justification", "") else k): v
            for k, v in errors.fields.items()
        }
        values = {f"justification-{comment_id}": justification, f"state-{comment_id}": state}
        extra = {"errors": errors, "values": values, "answering": comment_id}
        return answers_page(request, gateway, settings, visitor, plan, extra, REFUSED)

    then = f"{HERE}?aviso=respondido" + (f"&plan={plan}" if plan else "")
    return await submit(answer_and_publish(), redisplay, then)


@router.post("/{comment_id}/ocultar", dependencies=[CsrfChecked])
async def hide(
    request: Request,
    comment_id: str,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Ocultar un comentario que incumple las reglas, con su motivo (queda auditado)."""
    if redirect := committee_only(visitor, HERE):
        return redirect
    field = f"reason-{comment_id}"
    write = gateway.call(
        "POST",
        f"{COMMENTS}/{comment_id}/moderation",
        token=visitor.token,
        json={"action": "hide", "reason": reason},
    )

    def redisplay(errors: FormErrors) -> Awaitable[Response]:
        errors.fields = {(field if k in ("reason", "") else k): v for k, v in errors.fields.items()}
        extra = {"errors": errors, "values": {field: reason}, "answering": comment_id}
        return answers_page(request, gateway, settings, visitor, plan, extra, REFUSED)

    then = f"{HERE}?aviso=ocultado" + (f"&plan={plan}" if plan else "")
    return await submit(write, redisplay, then)
