"""The draft plan open for public comment: its commitments, their comments, each with its
published reasoned answer, and a comment form while the open_feedback phase is open."""

from collections.abc import Awaitable
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError, GatewayClient
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import VisitorDep
from frontend.views import parse_day
from reference.statuses import ANSWER_STATES

router = APIRouter(prefix="/plan-borrador")
FEEDBACK = "/api/v1/consultation/feedback"
PHASE_CLOSED = (
    "El periodo de comentarios al plan borrador no está abierto hoy, así que no pudimos "
    "publicar tu comentario. Tu texto sigue en el formulario por si quieres guardarlo."
)


async def feedback_process(gateway: GatewayClient, plan: str) -> dict | None:
    """The process of ``plan``; else the one whose open feedback is open; else the newest."""
    processes = await gateway.processes()
    if plan:
        return next((p for p in processes if p.get("plan_code") == plan), None)
    open_now = [p for p in processes if feedback_open(p)]
    if open_now:
        return open_now[0]
    return max(processes, key=lambda p: str(p.get("starts_on") or ""), default=None)


def feedback_open(process: dict | None) -> bool:
    phase = (process or {}).get("current_phase") or {}
    return phase.get("key") == "open_feedback" and phase.get("status") == "open"


@router.get("", response_class=HTMLResponse)
async def draft_plan(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    plan: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    """El plan borrador: sus compromisos abiertos a comentarios públicos."""
    process = await feedback_process(gateway, plan)
    plan_code = plan or (process or {}).get("plan_code") or ""
    items: list[dict] = []
    if plan_code:
        listing = await gateway.get_json(f"{FEEDBACK}/items", {"plan_code": plan_code})
        items = listing.get("items") or [] if isinstance(listing, dict) else []
    context = {"process": process, "plan_code": plan_code, "items": items}
    return page(request, "draft_plan.html", context | {"is_open": feedback_open(process)})


def comment_rows(comments: list[dict]) -> list[dict]:
    rows = []
    for comment in comments:
        answer = comment.get("answer") or None
        rows.append(
            comment
            | {
                "created_on": parse_day(comment.get("created_at")),
                "answer_label": _(ANSWER_STATES.get((answer or {}).get("state", ""), "")),
            }
        )
    return rows


async def item_page(
    request: Request,
    gateway: GatewayClient,
    plan_code: str,
    item_id: str,
    extra: dict | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    listing = await gateway.call("GET", f"{FEEDBACK}/items", params={"plan_code": plan_code})
    item = next((i for i in listing.get("items") or [] if i.get("id") == item_id), None)
    if item is None:
        raise ApiError(404, "not_found", _("Ese compromiso no está en el plan borrador."))
    comments = await gateway.call("GET", f"{FEEDBACK}/items/{item_id}/comments")
    process = await feedback_process(gateway, plan_code)
    context = {
        "item": item,
        "plan_code": plan_code,
        "comments": comment_rows(comments.get("items") or []),
        "is_open": feedback_open(process),
        "errors": FormErrors(),
        "body": "",
        "notice": "",
        "answer_states": ANSWER_STATES,
        "answering": "",
    }
    return page(request, "draft_item.html", context | (extra or {}), status_code=status_code)


@router.get("/{plan_code}/{item_id}", response_class=HTMLResponse)
async def draft_item(
    request: Request,
    plan_code: str,
    item_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    aviso: str = "",
) -> HTMLResponse:
    """Un compromiso del plan borrador con sus comentarios y las respuestas publicadas."""
    notices = {
        "comentado": _("Tu comentario quedó publicado. Recibirá una respuesta razonada."),
        "respondido": _("La respuesta razonada quedó publicada."),
    }
    return await item_page(request, gateway, plan_code, item_id, {"notice": notices.get(aviso, "")})


@router.post("/{plan_code}/{item_id}/comentarios", dependencies=[CsrfChecked])
async def add_comment(
    request: Request,
    plan_code: str,
    item_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    body: Annotated[str, Form()] = "",
) -> Response:
    """Comentar un compromiso del plan borrador (durante la retroalimentación abierta)."""
    target = f"/plan-borrador/{plan_code}/{item_id}"
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={target}")
    try:
        await gateway.call(
            "POST", f"{FEEDBACK}/items/{item_id}/comments", token=visitor.token, json={"body": body}
        )
    except ApiError as exc:
        errors = from_api_error(exc)
        if exc.code == "phase_closed":
            errors = FormErrors(general=_(PHASE_CLOSED))
        errors.fields = {("body" if k in ("body", "") else k): v for k, v in errors.fields.items()}
        extra = {"errors": errors, "body": body}
        status = 409 if exc.status == 409 else 422
        return await item_page(request, gateway, plan_code, item_id, extra, status)
    return see_other(f"{target}?aviso=comentado#comentarios")


@router.post(
    "/{plan_code}/{item_id}/comentarios/{comment_id}/respuesta", dependencies=[CsrfChecked]
)
async def answer_comment(
    request: Request,
    plan_code: str,
    item_id: str,
    comment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    state: Annotated[str, Form()] = "",
    justification: Annotated[str, Form()] = "",
) -> Response:
    """El Comité responde un comentario del plan borrador (estado y justificación) y lo
    publica; la persona autora recibe la notificación."""
    target = f"/plan-borrador/{plan_code}/{item_id}"
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={target}")
    path = f"{FEEDBACK}/comments/{comment_id}/response"

    async def answer_and_publish() -> None:
        body = {"state": state, "justification": justification}
        await gateway.call("PUT", path, token=visitor.token, json=body)
        await gateway.call("POST", f"{path}/publish", token=visitor.token)

    def redisplay(errors: FormErrors) -> Awaitable[Response]:
        extra = {"errors": errors, "answering": comment_id, "justification": justification}
        return item_page(request, gateway, plan_code, item_id, extra, REFUSED)

    return await submit(answer_and_publish(), redisplay, f"{target}?aviso=respondido#comentarios")
