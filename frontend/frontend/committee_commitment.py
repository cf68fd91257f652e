"""One commitment in the Committee's workspace: publish it, build its working group
(members with sector and role, rules of operation), publish its agreed roadmap, record the
IRM's assessments, set the self-assessment or mark it inactive."""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.committee import committee_only
from frontend.committee_forms import ROADMAP_STATUS, ROADMAPS, TRACKING, refusal
from frontend.committee_plan import roadmap_status
from frontend.deps import CsrfChecked, GatewayDep
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors
from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.i18n import _
from frontend.render import page
from frontend.session import Visitor, VisitorDep
from frontend.views import COMMITMENT_STATUS_LABELS, parse_day
from frontend.vocabulary import GROUP_ROLES, GROUP_SECTORS, SELF_ASSESSMENT_SHOWN
from reference.ogp import IRM_VALUES, OGP_VALUES, SELF_ASSESSMENT

router = APIRouter(prefix="/comite/compromisos")
AUTH = "/api/v1/auth"
REPORT_TYPES = {"design": "Informe de diseño", "results": "Informe de resultados"}
POTENTIAL_IMPACT = ("none", "minor", "moderate", "transformative")
COMPLETION = ("not_started", "limited", "substantial", "complete")
OPENED_GOVERNMENT = ("did_not_change", "marginal", "major", "outstanding")
NOTICES = {
    "creado": "El compromiso quedó creado como borrador, con su grupo de trabajo vacío.",
    "editado": "Los cambios al compromiso quedaron guardados.",
    "publicado": "El compromiso quedó publicado: aparece en el tablero.",
    "integrante": "La persona quedó integrada al grupo de trabajo.",
    "baja": "La persona dejó el grupo de trabajo; las versiones que firmó conservan su nombre.",
    "reglas": "Las reglas de operación quedaron guardadas.",
    "hoja-publicada": "La hoja de ruta quedó publicada.",
    "irm": "La valoración del IRM quedó registrada.",
    "autoevaluacion": "La autoevaluación quedó registrada.",
    "inactivo": "El compromiso quedó marcado como inactivo: sigue visible y ya no recibe "
    "actualizaciones.",
}


def base_url(commitment_id: str) -> str:
    return f"/comite/compromisos/{commitment_id}"


async def staff_directory(gateway: GatewayClient, visitor: Visitor) -> list[dict]:
    """Active staff accounts of the working-group sectors (empty if it cannot be read)."""
    people: list[dict] = []
    for role in GROUP_SECTORS:
        try:
            found = await gateway.call(
                "GET", f"{AUTH}/staff", token=visitor.token, params={"role": role, "limit": 200}
            )
        except ApiError:
            return []
        people += [p for p in (found or {}).get("items") or [] if p.get("is_active", True)]
    return sorted(people, key=lambda p: str(p.get("display_name") or ""))


async def working_group(
    gateway: GatewayClient, visitor: Visitor, commitment_id: str
) -> tuple[dict, str]:
    """The group (a draft commitment's too: read with the Committee's token) and its ETag."""
    path = f"{ROADMAPS}/commitments/{commitment_id}/working-group"
    response = await gateway.send("GET", path, token=visitor.token)
    return response.json(), response.headers.get("etag", "")


async def tracked(
    gateway: GatewayClient, commitment_id: str, token: str
) -> tuple[dict | None, list[dict]]:
    """What tracking knows (self-assessment, inactive) and the IRM's assessments; ``None``
    before the commitment is published. Read with the Committee's token: an anonymous read
    may come from the gateway's micro-cache and miss the change the Committee just made."""
    try:
        detail, irm = await asyncio.gather(
            gateway.call("GET", f"{TRACKING}/commitments/{commitment_id}", token=token),
            gateway.call(
                "GET", f"{TRACKING}/commitments/{commitment_id}/irm-assessments", token=token
            ),
        )
    except ApiError as exc:
        if exc.status == 404:
            return None, []
        raise
    rows = [a | {"assessed": parse_day(a.get("assessed_on"))} for a in irm or []]
    return detail, rows


# The OGP template's fields a draft's edit form sends: texts, and lists one per line.
EDIT_TEXTS = ("title", "problem", "summary", "how_it_solves")
# Added to the template later (PND axis, risk, gender, ambition, objectives, continuity):
# sent when the form carries them, so an older form's post leaves them as they are.
TEMPLATE_TEXTS = (
    "pnd_axis",
    "short_term_objective",
    "medium_term_objective",
    "ambition",
    "risk_analysis",
    "gender_perspective",
)
CONTINUES = "continues_commitment_id"
EDIT_LISTS = (
    "lead_institutions",
    "supporting_institutions",
    "cso_coresponsible",
    "cso_accompanying",
    "sdg_targets",
)


def edit_values(commitment: dict) -> dict[str, Any]:
    """The edit form's values as the commitment holds them."""
    texts = (*EDIT_TEXTS, *TEMPLATE_TEXTS, CONTINUES)
    values: dict[str, Any] = {k: str(commitment.get(k) or "") for k in texts}
    values |= {k: "\n".join(commitment.get(k) or []) for k in EDIT_LISTS}
    ogp = commitment.get("ogp_values") or {}
    return values | {f"ogp-{key}": str(ogp.get(key) or "") for key in OGP_VALUES}


def edit_body(values: dict[str, Any]) -> dict[str, Any]:
    """The PATCH body: every field of the form (a list from its non-empty lines; an OGP
    value is kept only with its relevance written)."""
    body: dict[str, Any] = {k: str(values.get(k) or "").strip() for k in EDIT_TEXTS}
    body |= {k: str(values[k]).strip() for k in TEMPLATE_TEXTS if k in values}
    for key in EDIT_LISTS:
        lines = str(values.get(key) or "").replace(",", "\n") if key == "sdg_targets" else None
        text = lines if lines is not None else str(values.get(key) or "")
        body[key] = [line.strip() for line in text.splitlines() if line.strip()]
    body["ogp_values"] = {
        key: str(values.get(f"ogp-{key}") or "").strip()
        for key in OGP_VALUES
        if str(values.get(f"ogp-{key}") or "").strip()
    }
    if CONTINUES in values:
        body[CONTINUES] = str(values[CONTINUES]).strip() or None
    return body


async def earlier_commitments(
    gateway: GatewayClient, visitor: Visitor, plan_code: str
) -> list[dict]:
    """Commitments of the other plans, the ones a commitment may continue (empty if they
    cannot be read)."""
    try:
        found = await gateway.call(
            "GET", f"{ROADMAPS}/commitments", token=visitor.token, params={"limit": 200}
        )
    except (ApiError, GatewayUnavailable):
        return []
    items = [
        c
        for c in (found or {}).get("items") or []
        if c.get("plan_code") != plan_code and c.get("status") == "published"
    ]
    return sorted(items, key=lambda c: (str(c.get("plan_code")), int(c.get("number") or 0)))


async def read_commitment(gateway: GatewayClient, visitor: Visitor, commitment_id: str):
    """The commitment (a draft's too, with the Committee's token) and its ETag."""
    path = f"{ROADMAPS}/commitments/{commitment_id}"
    response = await gateway.send("GET", path, token=visitor.token)
    return response.json(), response.headers.get("etag", "")


async def commitment_page(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    commitment_id: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    gathered = await asyncio.gather(
        read_commitment(gateway, visitor, commitment_id),
        working_group(gateway, visitor, commitment_id),
        roadmap_status(gateway, visitor, commitment_id),
        tracked(gateway, commitment_id, visitor.token),
        staff_directory(gateway, visitor),
    )
    (commitment, commitment_etag), (group, group_etag), status, (detail, irm), directory = gathered
    earlier = (
        await earlier_commitments(gateway, visitor, str(commitment.get("plan_code") or ""))
        if commitment.get("status") == "draft"
        else []
    )
    members = group.get("members") or []
    in_group = {m.get("account_id") for m in members}
    assessment = (detail or {}).get("self_assessment") or {}
    context = {
        "commitment": commitment,
        "commitment_id": commitment_id,
        "commitment_etag": commitment_etag,
        "edit": edit_values(commitment),
        "earlier": earlier,
        "status_label": _(COMMITMENT_STATUS_LABELS.get(str(commitment.get("status")), "")),
        "group": group,
        "group_etag": group_etag,
        "members": members,
        "candidates": [p for p in directory if p.get("id") not in in_group],
        "roadmap_status": status,
        "roadmap_label": _(ROADMAP_STATUS.get(status, "Sin hoja de ruta")),
        "tracked": detail is not None,
        "assessment": assessment,
        "assessment_label": _(
            SELF_ASSESSMENT_SHOWN.get(str(assessment.get("status")), "Sin evaluar")
        ),
        "inactive_since": parse_day(assessment.get("inactive_since")),
        "irm": irm,
        "sectors": GROUP_SECTORS,
        "group_roles": GROUP_ROLES,
        "ogp_values": OGP_VALUES,
        "report_types": REPORT_TYPES,
        "irm_values": IRM_VALUES,
        "scales": {
            "potential_impact": POTENTIAL_IMPACT,
            "completion": COMPLETION,
            "did_it_open_government": OPENED_GOVERNMENT,
        },
        # What the Committee may record: "inactive" is a state of its own.
        "self_statuses": {k: v for k, v in SELF_ASSESSMENT.items() if k != "inactive"},
        "errors": FormErrors(),
        "values": {},
        "notice": "",
    }  # fmt: skip
    return page(
        request, "committee_commitment.html", context | (extra or {}), status_code=status_code
    )


@router.get("/{commitment_id}", response_class=HTMLResponse)
async def commitment(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Un compromiso para el Comité: publicación, grupo de trabajo, hoja de ruta, IRM y
    autoevaluación."""
    if redirect := committee_only(visitor, base_url(commitment_id)):
        return redirect
    notice = _(NOTICES[aviso]) if aviso in NOTICES else ""
    return await commitment_page(request, gateway, visitor, commitment_id, {"notice": notice})


async def write(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    commitment_id: str,
    call: tuple[str, str, Any],
    notice: str,
    values: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """One write; back to the commitment with a notice, or the page with the refusal."""
    if redirect := committee_only(visitor, base_url(commitment_id)):
        return redirect
    method, path, body = call

    async def redisplay(errors: FormErrors) -> Response:
        kept = values or {}
        # The edit form keeps its own values (its names do not clash with the others').
        extra = {"errors": errors} | (kept if "edit" in kept else {"values": kept})
        return await commitment_page(request, gateway, visitor, commitment_id, extra, REFUSED)

    return await submit(
        gateway.call(method, path, token=visitor.token, json=body, headers=headers),
        redisplay,
        f"{base_url(commitment_id)}?aviso={notice}",
        errors=refusal,
    )


@router.post("/{commitment_id}/publicar", dependencies=[CsrfChecked])
async def publish_commitment(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Publicar el compromiso borrador (pasa al tablero)."""
    call = ("POST", f"{ROADMAPS}/commitments/{commitment_id}/publish", None)
    return await write(request, gateway, visitor, commitment_id, call, "publicado")


@router.post("/{commitment_id}/editar", dependencies=[CsrfChecked])
async def edit_commitment(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Cambiar los campos de un compromiso borrador (plantilla de OGP), sobre la versión
    que se leyó."""
    form = await request.form()
    names = (*EDIT_TEXTS, *EDIT_LISTS, *(f"ogp-{key}" for key in OGP_VALUES))
    values = {name: str(form.get(name) or "") for name in names}
    values |= {name: str(form[name]) for name in (*TEMPLATE_TEXTS, CONTINUES) if name in form}
    etag = str(form.get("etag") or "")
    call = ("PATCH", f"{ROADMAPS}/commitments/{commitment_id}", edit_body(values))
    headers = {"If-Match": etag} if etag else None
    extra = {"edit": values}
    return await write(request, gateway, visitor, commitment_id, call, "editado", extra, headers)


@router.post("/{commitment_id}/integrantes", dependencies=[CsrfChecked])
async def add_member(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    account_id: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    organization: Annotated[str, Form()] = "",
    sector: Annotated[str, Form()] = "",
    group_role: Annotated[str, Form()] = "member",
) -> Response:
    """Integrar a una persona del personal al grupo, con su sector y su papel."""
    if redirect := committee_only(visitor, base_url(commitment_id)):
        return redirect
    values = {"account_id": account_id, "name": name, "organization": organization}
    values |= {"sector": sector, "group_role": group_role}
    person = next(
        (p for p in await staff_directory(gateway, visitor) if p.get("id") == account_id), {}
    )
    body = {
        "account_id": account_id.strip(),
        "name": name.strip() or str(person.get("display_name") or ""),
        "organization": organization.strip() or str(person.get("organization") or ""),
        "sector": sector or str(person.get("sector") or ""),
        "group_role": group_role,
    }
    path = f"{ROADMAPS}/commitments/{commitment_id}/working-group/members"
    return await write(
        request, gateway, visitor, commitment_id, ("POST", path, body), "integrante", values
    )


@router.post("/{commitment_id}/integrantes/{account_id}/baja", dependencies=[CsrfChecked])
async def remove_member(
    request: Request, commitment_id: str, account_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Sacar a una persona del grupo de trabajo."""
    path = f"{ROADMAPS}/commitments/{commitment_id}/working-group/members/{account_id}"
    return await write(request, gateway, visitor, commitment_id, ("DELETE", path, None), "baja")


@router.post("/{commitment_id}/reglas", dependencies=[CsrfChecked])
async def save_rules(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    rules_of_operation: Annotated[str, Form()] = "",
    etag: Annotated[str, Form()] = "",
) -> Response:
    """Guardar las reglas de operación del grupo (públicas), sobre la versión que se leyó."""
    path = f"{ROADMAPS}/commitments/{commitment_id}/working-group"
    call = ("PUT", path, {"rules_of_operation": rules_of_operation})
    values = {"rules_of_operation": rules_of_operation}
    headers = {"If-Match": etag} if etag else None
    return await write(request, gateway, visitor, commitment_id, call, "reglas", values, headers)


@router.post("/{commitment_id}/hoja-de-ruta/publicar", dependencies=[CsrfChecked])
async def publish_roadmap(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Publicar la hoja de ruta que el grupo acordó."""
    call = ("POST", f"{ROADMAPS}/commitments/{commitment_id}/roadmap/publish", None)
    return await write(request, gateway, visitor, commitment_id, call, "hoja-publicada")


@router.post("/{commitment_id}/irm", dependencies=[CsrfChecked])
async def record_irm(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    report_type: Annotated[str, Form()] = "",
    report_name: Annotated[str, Form()] = "",
    assessed_on: Annotated[str, Form()] = "",
    verifiable: Annotated[str, Form()] = "",
    relevance: Annotated[list[str] | None, Form()] = None,
    potential_impact: Annotated[str, Form()] = "",
    completion: Annotated[str, Form()] = "",
    did_it_open_government: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
) -> Response:
    """Registrar una valoración fechada del IRM (informe de diseño o de resultados)."""
    values: dict[str, Any] = {"report_type": report_type, "report_name": report_name}
    values |= {"assessed_on": assessed_on, "verifiable": verifiable, "relevance": relevance or []}
    values |= {"potential_impact": potential_impact, "completion": completion}
    values |= {"did_it_open_government": did_it_open_government, "comment": comment}
    body = {
        "report_type": report_type,
        "report_name": report_name,
        "assessed_on": assessed_on or None,
        "verifiable": {"si": True, "no": False}.get(verifiable),
        "relevance": relevance or [],
        "potential_impact": potential_impact or None,
        "completion": completion or None,
        "did_it_open_government": did_it_open_government or None,
        "comment": comment or None,
    }
    path = f"{TRACKING}/commitments/{commitment_id}/irm-assessments"
    return await write(
        request, gateway, visitor, commitment_id, ("POST", path, body), "irm", values
    )


@router.post("/{commitment_id}/autoevaluacion", dependencies=[CsrfChecked])
async def self_assessment(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    status: Annotated[str, Form()] = "",
    inactive_reason: Annotated[str, Form()] = "",
    inactive_since: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Fijar la autoevaluación, o marcar el compromiso como inactivo (motivo y fecha)."""
    values = {"status": status, "inactive_reason": inactive_reason}
    values |= {"inactive_since": inactive_since, "note": note}
    if status == "inactive" and not (inactive_reason.strip() and inactive_since):
        errors = FormErrors(general=_("Revisa los campos marcados."))
        if not inactive_reason.strip():
            errors.fields["inactive_reason"] = _("Motivo: escribe por qué queda inactivo.")
        if not inactive_since:
            errors.fields["inactive_since"] = _("Inactivo desde: escribe la fecha.")
        extra = {"errors": errors, "values": values}
        return await commitment_page(request, gateway, visitor, commitment_id, extra, 422)
    body = {
        "status": status,
        "inactive_reason": inactive_reason.strip() or None,
        "inactive_since": inactive_since or None,
        "note": note.strip() or None,
    }
    path = f"{TRACKING}/commitments/{commitment_id}/self-assessment"
    notice = "inactivo" if status == "inactive" else "autoevaluacion"
    return await write(
        request, gateway, visitor, commitment_id, ("PUT", path, body), notice, values
    )
