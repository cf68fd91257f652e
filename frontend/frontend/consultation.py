"""The consultation: browse and search topics, read one with its public answer, propose
a topic (with similar topics and a preview), vote and withdraw the vote."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors
from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.i18n import _
from frontend.methodology import phase_guide
from frontend.render import RenderedOnce, page, see_other
from frontend.session import Visitor, VisitorDep
from frontend.views import parse_day
from reference.areas import AREAS
from reference.states import STATES
from reference.statuses import ANSWER_STATES, TOPIC_STATUS

router = APIRouter(prefix="/consulta")
RENDERED_TOPICS = RenderedOnce()
TOPICS = "/api/v1/consultation/topics"
NOTICES = {
    "voto": "Tu voto quedó registrado.",
    "voto-retirado": "Retiraste tu voto.",
    "tema-creado": "Tu tema quedó publicado. Gracias por participar.",
    "curp": "Tu CURP quedó registrada. Ya puedes votar por este tema.",
}
TOPIC_FIELDS = ("title", "problem", "affected", "solution", "area", "state_code")


async def current_process(gateway: GatewayClient) -> dict | None:
    """The process whose consultation is open, else the one under way, else the newest."""
    processes = await gateway.processes()

    def rank(process: dict) -> int:
        phase = process.get("current_phase") or {}
        is_open = phase.get("key") == "consultation" and phase.get("status") == "open"
        return 0 if is_open else 1 if phase else 2

    newest_first = sorted(processes, key=lambda p: str(p.get("starts_on") or ""), reverse=True)
    ordered = sorted(newest_first, key=rank)
    return ordered[0] if ordered else None


def consultation_open(process: dict | None) -> bool:
    phase = (process or {}).get("current_phase") or {}
    return phase.get("key") == "consultation" and phase.get("status") == "open"


def topic_labels(topic: dict) -> dict:
    return topic | {
        "area_label": _(AREAS.get(topic.get("area") or "", topic.get("area") or "")),
        "state_label": STATES.get(topic.get("state_code") or "", ""),
        "status_label": _(TOPIC_STATUS.get(topic.get("status") or "", "")),
        "created_on": parse_day(topic.get("created_at")),
    }


@router.get("", response_class=HTMLResponse)
async def topics(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    area: Annotated[str, Query(max_length=40)] = "",
    state: Annotated[str, Query(max_length=2)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[str, Query(pattern="^(votes|recent)$")] = "votes",
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> HTMLResponse:
    """La consulta: temas propuestos, con filtros por área y entidad, búsqueda y orden."""
    process = await current_process(gateway)
    listing: dict = {}
    if process is not None:
        params: dict[str, Any] = {"process_id": process["id"], "sort": sort, "limit": 20}
        params |= {
            k: v for k, v in {"area": area, "state": state, "q": q, "cursor": cursor}.items() if v
        }
        listing = await read_as(gateway, visitor, TOPICS, params)
    filters = {"area": area, "state": state, "q": q, "sort": sort}
    if visitor.signed_in:  # her own "Ya votaste": not a page for anybody else
        return render_topics(request, process, listing, filters)
    # Signed out, the same cached answers render the same page: render it once.
    if (kept := RENDERED_TOPICS.get((process, listing), tuple(filters.items()))) is not None:
        return kept
    response = render_topics(request, process, listing, filters)
    return RENDERED_TOPICS.keep((process, listing), tuple(filters.items()), response=response)


def render_topics(
    request: Request, process: dict | None, listing: dict, filters: dict
) -> HTMLResponse:
    items = [topic_labels(t) for t in listing.get("items", [])]
    next_cursor = listing.get("next_cursor")
    context = {
        "process": process,
        "is_open": consultation_open(process),
        "topics": items,
        "next_cursor": next_cursor,
        "filters": filters,
        "areas": AREAS,
        "states": STATES,
        "phases": phase_guide(process),
    }
    return page(request, "consultation.html", context)


async def read_as(
    gateway: GatewayClient, visitor: Visitor, path: str, params: dict[str, Any] | None = None
) -> Any:
    """A topic read with the visitor's token when she is signed in, so it says what she
    voted (``voted``, ``curp_registered``); a token the API no longer accepts reads as
    anybody would rather than failing the page. Signed out, the website's revalidating
    cache answers (the same for everybody)."""
    if not visitor.signed_in:
        return await gateway.read_public(path, params)
    try:
        return await gateway.call("GET", path, params=params, token=visitor.token)
    except ApiError as exc:
        if exc.status != 401 or not visitor.signed_in:
            raise
    return await gateway.call("GET", path, params=params)


@router.get("/temas/{topic_id}", response_class=HTMLResponse)
async def topic_page(
    request: Request,
    topic_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    aviso: str = "",
    error: str = "",
) -> HTMLResponse:
    """Un tema: el problema, la solución propuesta, sus votos y la respuesta pública."""
    topic = await read_as(gateway, visitor, f"{TOPICS}/{topic_id}")
    process = await gateway.get_json(f"/api/v1/consultation/processes/{topic['process_id']}")
    answer = topic.get("answer")
    context = {
        "topic": topic_labels(topic),
        "answer": answer,
        "answer_label": _(ANSWER_STATES.get((answer or {}).get("state", ""), "")),
        "voted": bool(topic.get("voted")),
        # Said before the button: a vote here counts only from a registered CURP.
        "requires_curp": bool((process or {}).get("requires_curp")),
        "has_curp": bool(topic.get("curp_registered")),
        "is_open": consultation_open(process),
        "notice": _(NOTICES[aviso]) if aviso in NOTICES else "",
        "error": error[:300],
    }
    return page(request, "topic.html", context)


async def _vote(
    request: Request, gateway: GatewayClient, visitor: Visitor, topic_id: str, method: str
) -> Response:
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente=/consulta/temas/{topic_id}")
    path = f"{TOPICS}/{topic_id}/votes" + ("/mine" if method == "DELETE" else "")
    try:
        await gateway.call(method, path, token=visitor.token)
    except ApiError as exc:
        if exc.code == "vote_already_cast":
            return see_other(f"/consulta/temas/{topic_id}?aviso=voto")
        if exc.code == "curp_required":  # the CURP step, then back here to vote
            return see_other(f"/cuenta/curp?tema={topic_id}")
        return await topic_page(
            request, topic_id, gateway, visitor, error=exc.message or _("No se pudo registrar.")
        )
    notice = "voto" if method == "POST" else "voto-retirado"
    return see_other(f"/consulta/temas/{topic_id}?aviso={notice}#votos")


@router.post("/temas/{topic_id}/votar", dependencies=[CsrfChecked])
async def vote(
    request: Request, topic_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Votar por un tema (una vez por persona, mientras la consulta está abierta)."""
    return await _vote(request, gateway, visitor, topic_id, "POST")


@router.post("/temas/{topic_id}/retirar-voto", dependencies=[CsrfChecked])
async def withdraw_vote(
    request: Request, topic_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Retirar el voto propio mientras la consulta está abierta."""
    return await _vote(request, gateway, visitor, topic_id, "DELETE")


def proposal_page(request: Request, context: dict, status_code: int = 200) -> HTMLResponse:
    base = {
        "areas": AREAS,
        "states": STATES,
        "errors": FormErrors(),
        "values": {},
        "similar": [],
        "preview": False,
    }
    return page(request, "propose.html", base | context, status_code=status_code)


@router.get("/proponer", response_class=HTMLResponse)
async def propose_form(request: Request, gateway: GatewayDep, visitor: VisitorDep) -> Response:
    """Formulario para proponer un tema (hay que iniciar sesión)."""
    if not visitor.signed_in:
        return see_other("/entrar?siguiente=/consulta/proponer")
    process = await current_process(gateway)
    return proposal_page(request, {"process": process, "is_open": consultation_open(process)})


@router.post("/proponer", dependencies=[CsrfChecked])
async def propose(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    action: Annotated[str, Form()] = "preview",
    title: Annotated[str, Form()] = "",
    problem: Annotated[str, Form()] = "",
    affected: Annotated[str, Form()] = "",
    solution: Annotated[str, Form()] = "",
    area: Annotated[str, Form()] = "",
    state_code: Annotated[str, Form()] = "",
) -> Response:
    """Vista previa con temas parecidos, o envío del tema."""
    if not visitor.signed_in:
        return see_other("/entrar?siguiente=/consulta/proponer")
    process = await current_process(gateway)
    values = dict(
        zip(TOPIC_FIELDS, (title, problem, affected, solution, area, state_code), strict=True)
    )
    context = {"process": process, "is_open": consultation_open(process), "values": values}
    if action != "send" or process is None:
        similar = await similar_topics(gateway, process, f"{title} {problem}".strip())
        return proposal_page(
            request,
            context
            | {
                "similar": similar,
                "preview": True,
                "values": values
                | {"area_label": AREAS.get(area, ""), "state_label": STATES.get(state_code, "")},
            },
        )
    body = values | {"process_id": process["id"], "sdg_tags": []}
    return await submit(
        gateway.call("POST", TOPICS, token=visitor.token, json=body),
        lambda errors: proposal_page(request, context | {"errors": errors}, status_code=REFUSED),
        lambda created: f"/consulta/temas/{created['id']}?aviso=tema-creado",
    )


async def similar_topics(gateway: GatewayClient, process: dict | None, text: str) -> list[dict]:
    if process is None or len(text) < 3:
        return []
    try:
        found = await gateway.call(
            "GET",
            f"{TOPICS}/similar",
            params={"process_id": process["id"], "q": text[:200], "limit": 5},
        )
    except (ApiError, GatewayUnavailable):
        return []
    return found.get("items", [])
