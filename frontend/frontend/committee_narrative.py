"""The Committee writes the texts of a plan's documents (introduction, context, the forum
and its rules, methodology, adjustments, conclusions, and per commitment its results, why
it was or was not fulfilled and what comes next).

The page reads ``GET /plans/{plan}/narrative`` and keeps its ETag in a hidden field; a save
is one ``PUT`` with that ETag as ``If-Match`` (the whole content: the figures the Committee
reports, which this page does not edit, are sent back as they are). When someone saved in
the meantime (412) the page shows the newer texts, says so, and keeps what the person typed
beside them to copy from."""

import re
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from frontend.committee import committee_only
from frontend.committee_forms import ROADMAPS, TRACKING, chosen_plan, plan_codes
from frontend.config import FrontendSettings
from frontend.deps import CsrfChecked, GatewayDep, SettingsDep
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep

router = APIRouter(prefix="/comite/planes")
# The texts of the narrative, in the documents' order, with their labels and hints.
TEXTS = {
    "introduction": ("Introducción", "Quién presenta el plan y con qué propósito."),
    "context": ("Contexto", "Lo que pasó durante el plan y lo explica."),
    "forum": ("El foro multiactor y sus reglas", "Cómo sesiona el Comité y cómo acuerda."),
    "methodology": ("Metodología", "Cómo se organizaron la cocreación y la implementación."),
    "adjustments": ("Ajustes durante el plan", "Por ejemplo, una ampliación del plazo."),
    "conclusions": ("Conclusiones", ""),
}
# Per commitment, lists one item per line.
COMMITMENT_LISTS = {
    "results": "Resultados",
    "reasons": "Por qué se cumplió, o por qué no",
    "next_steps": "Qué sigue",
}
LIST_FIELD = re.compile(r"^c(\d{1,3})-(results|reasons|next_steps)$")
NOTICES = {"guardado": "Los textos del plan quedaron guardados como una nueva versión."}
STALE = (
    "Otra persona guardó los textos mientras editabas: abajo está su versión, la vigente. "
    "Lo que escribiste no se guardó; está al final de la página para que lo copies."
)


def url(plan_code: str) -> str:
    return f"/comite/planes/{plan_code}/narrativa"


def narrative_path(plan_code: str) -> str:
    return f"{TRACKING}/plans/{plan_code}/narrative"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def form_values(content: dict[str, Any]) -> dict[str, str]:
    """The narrative's content as the form's fields (lists one item per line)."""
    values = {key: str(content.get(key) or "") for key in TEXTS}
    for number, told in (content.get("commitments") or {}).items():
        for key in COMMITMENT_LISTS:
            values[f"c{number}-{key}"] = "\n".join((told or {}).get(key) or [])
    return values


def body_of(values: dict[str, str], numbers: list[int], kept: dict[str, Any]) -> dict[str, Any]:
    """The PUT body: the typed texts, the commitments' lists, and what the page does not
    show (reported figures, commitments not in the form) as it was read."""
    body: dict[str, Any] = {key: values.get(key, "").strip() for key in TEXTS}
    commitments: dict[str, dict[str, list[str]]] = {}
    for number in numbers:
        told = {key: _lines(values.get(f"c{number}-{key}", "")) for key in COMMITMENT_LISTS}
        if any(told.values()):
            commitments[str(number)] = told
    for number, told in (kept.get("commitments") or {}).items():
        commitments.setdefault(str(number), told)  # a commitment the form did not show
    body["commitments"] = commitments
    body["reported_figures"] = kept.get("reported_figures") or {}
    return body


def field_of(location: Any) -> str:
    """The form field an API validation detail names (``body.commitments.2.results.0`` →
    ``c2-results``)."""
    parts = [p for p in str(location or "").split(".") if p not in {"body"}]
    if len(parts) >= 3 and parts[0] == "commitments":
        return f"c{parts[1]}-{parts[2]}"
    return parts[0] if parts else ""


def refusal(error: ApiError) -> FormErrors:
    """The API's refusal, each message next to the field it concerns and naming it."""
    if isinstance(error.details, list):
        details = [
            d | {"field": field_of(d["field"])} if isinstance(d, dict) and d.get("field") else d
            for d in error.details
        ]
        error = replace(error, details=details)
    errors = from_api_error(error)
    if error.status == 412:
        errors.general, errors.fields = _(STALE), {}
    named = {}
    for name, message in errors.fields.items():
        label = TEXTS[name][0] if name in TEXTS else COMMITMENT_LISTS.get(name.partition("-")[2])
        named[name] = f"{_(label)}: {message}" if label else message
    errors.fields = named
    return errors


async def read_narrative(gateway: GatewayClient, visitor: Visitor, plan_code: str):
    """The narrative (version 0 while nobody wrote) and its ETag."""
    response = await gateway.send("GET", narrative_path(plan_code), token=visitor.token)
    return response.json(), response.headers.get("etag", "")


async def plan_commitments(gateway: GatewayClient, visitor: Visitor, plan_code: str) -> list:
    found = await gateway.call(
        "GET",
        f"{ROADMAPS}/commitments",
        token=visitor.token,
        params={"plan_code": plan_code, "limit": 200},
    )
    return sorted((found or {}).get("items") or [], key=lambda c: int(c.get("number") or 0))


async def document_version(gateway: GatewayClient, visitor: Visitor, plan_code: str) -> Any:
    """The narrative version the generated action plan is built from (``None`` if unknown)."""
    path = f"{TRACKING}/plans/{plan_code}/documents/action-plan"
    try:
        document = await gateway.call("GET", path, token=visitor.token)
    except (ApiError, GatewayUnavailable):
        return None
    return ((document or {}).get("built_from") or {}).get("narrative_version")


async def narrative_page(
    request: Request,
    gateway: GatewayClient,
    settings: FrontendSettings,
    visitor: Visitor,
    plan_code: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    story, etag = await read_narrative(gateway, visitor, plan_code)
    commitments = await plan_commitments(gateway, visitor, plan_code)
    context = {
        "doc_plan": plan_code,
        "plans": await plan_codes(gateway, settings),
        "story": story,
        "etag": etag,
        "values": form_values(story.get("content") or {}),
        "typed": {},
        "commitments": commitments,
        "texts": TEXTS,
        "commitment_lists": COMMITMENT_LISTS,
        "document_version": await document_version(gateway, visitor, plan_code),
        "errors": FormErrors(),
        "notice": "",
    }
    return page(request, "committee_narrative.html", context | (extra or {}), status_code)


@router.get("", response_class=HTMLResponse)
async def choose_plan(
    gateway: GatewayDep, settings: SettingsDep, visitor: VisitorDep, plan: str = ""
) -> Response:
    """Los textos del plan elegido (por omisión, el del proceso en curso)."""
    if redirect := committee_only(visitor, "/comite/planes"):
        return redirect
    return see_other(url(await chosen_plan(gateway, settings, plan)))


@router.get("/{plan_code}/narrativa", response_class=HTMLResponse)
async def narrative(
    request: Request,
    plan_code: str,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    aviso: str = "",
) -> Response:
    """Los textos del plan de acción y de su autoevaluación, que escribe el Comité."""
    if redirect := committee_only(visitor, url(plan_code)):
        return redirect
    notice = _(NOTICES[aviso]) if aviso in NOTICES else ""
    return await narrative_page(request, gateway, settings, visitor, plan_code, {"notice": notice})


@router.post("/{plan_code}/narrativa", dependencies=[CsrfChecked])
async def save_narrative(
    request: Request,
    plan_code: str,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
) -> Response:
    """Guardar los textos como una nueva versión, sobre la versión que se leyó."""
    if redirect := committee_only(visitor, url(plan_code)):
        return redirect
    form = await request.form()
    etag = str(form.get("etag") or "")
    typed = {str(k): str(v) for k, v in form.items() if k in TEXTS or LIST_FIELD.match(str(k))}
    numbers = sorted({int(LIST_FIELD.match(k)[1]) for k in typed if LIST_FIELD.match(k)})
    story, _etag = await read_narrative(gateway, visitor, plan_code)
    body = body_of(typed, numbers, story.get("content") or {})
    headers = {"If-Match": etag} if etag else None

    async def redisplay(errors: FormErrors) -> Response:
        if errors.general == _(STALE):
            # The newer texts fill the form (with their ETag); what was typed stays apart.
            extra = {"errors": errors, "typed": typed}
        else:  # the version the person started from stays the one the next save names
            extra = {"errors": errors, "values": typed, "etag": etag}
        return await narrative_page(request, gateway, settings, visitor, plan_code, extra, REFUSED)

    return await submit(
        gateway.call(
            "PUT", narrative_path(plan_code), token=visitor.token, json=body, headers=headers
        ),
        redisplay,
        f"{url(plan_code)}?aviso=guardado",
        errors=refusal,
    )
