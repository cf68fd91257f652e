"""What the Committee's workspace shares: who may use it, the plans it works on, and
refusals said in Spanish with the name of the field they concern."""

from typing import Any

from frontend.config import FrontendSettings
from frontend.consultation import current_process
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError, GatewayClient
from frontend.i18n import _

ROADMAPS = "/api/v1/roadmaps"
TRACKING = "/api/v1/tracking"
CONSULTATION = "/api/v1/consultation"
ROADMAP_STATUS = {
    "draft": "Borrador",
    "in_review": "En revisión",
    "agreed": "Acordada",
    "published": "Publicada",
}
# Codes of the services whose message belongs to one field of the workspace's forms.
CODE_FIELDS = {
    "commitment_number_taken": "number",
    "invalid_plan_scope": "plan",
    "member_already_added": "account_id",
    "group_role_sector_mismatch": "group_role",
    "inactive_needs_reason": "inactive_reason",
    "draft_plan_already_published": "draft_plan_code",
    "plan_without_commitments": "draft_plan_code",
    "invalid_continuity": "continues_commitment_id",
}
# The label of every field a form of the workspace sends (what a refusal names).
FIELD_LABELS = {
    "plan_code": "Plan",
    "plan": "Plan",
    "number": "Número",
    "slug": "Identificador corto",
    "title": "Título",
    "problem": "Problema público",
    "summary": "¿Cuál es el compromiso?",
    "how_it_solves": "¿Cómo contribuye a resolver el problema?",
    "ogp_values": "Relevancia a los valores de OGP",
    "lead_institutions": "Instituciones responsables",
    "supporting_institutions": "Instituciones que apoyan",
    "cso_coresponsible": "Organizaciones de la sociedad civil corresponsables",
    "cso_accompanying": "Organizaciones de la sociedad civil que acompañan",
    "sdg_targets": "Metas de los ODS",
    "pnd_axis": "Eje del Plan Nacional de Desarrollo",
    "risk_analysis": "Análisis de riesgos",
    "gender_perspective": "Perspectiva de igualdad de género",
    "ambition": "Ambición",
    "short_term_objective": "Objetivo a corto plazo",
    "medium_term_objective": "Objetivo a mediano plazo",
    "continues_commitment_id": "Continúa un compromiso del plan anterior",
    "theme_id": "Tema de trabajo",
    "draft_plan_code": "Plan borrador",
    "account_id": "Persona",
    "name": "Nombre",
    "organization": "Organización",
    "sector": "Sector",
    "group_role": "Papel en el grupo",
    "rules_of_operation": "Reglas de operación",
    "report_type": "Tipo de informe",
    "report_name": "Nombre del informe",
    "assessed_on": "Fecha de la valoración",
    "verifiable": "¿Es verificable?",
    "relevance": "Relevancia a los valores de OGP",
    "potential_impact": "Impacto potencial",
    "completion": "Cumplimiento",
    "did_it_open_government": "¿Abrió el gobierno?",
    "comment": "Comentario",
    "status": "Estado",
    "inactive_reason": "Motivo",
    "inactive_since": "Inactivo desde",
    "note": "Nota",
    "reason": "Motivo",
}


def model_messages(error: ApiError) -> list[str]:
    """Messages of rules that concern the whole form (pydantic's ``Value error, …``)."""
    found = []
    for detail in error.details if isinstance(error.details, list) else []:
        if isinstance(detail, dict) and not detail.get("field") and detail.get("message"):
            message = str(detail["message"]).removeprefix("Value error, ")
            found.append(message[:1].upper() + message[1:].rstrip(".") + ".")
    return found


def refusal(error: ApiError, prefix: str = "") -> FormErrors:
    """The API's refusal as form errors, each message naming its field (``prefix`` tells
    apart the fields of a form repeated on one page, e.g. ``reason-<update id>``)."""
    errors = from_api_error(error)
    if error.code in CODE_FIELDS:
        errors.fields.setdefault(CODE_FIELDS[error.code], error.message or errors.general)
    if error.status == 412:
        errors.general = _(
            "Otra persona guardó un cambio mientras editabas: revisa la versión actual y "
            "vuelve a enviar el tuyo."
        )
    named = {}
    for name, message in errors.fields.items():
        label = FIELD_LABELS.get(name)
        named[f"{prefix}{name}"] = f"{_(label)}: {message}" if label else message
    errors.fields = named
    whole_form = model_messages(error)
    if whole_form:
        errors.general = " ".join(whole_form)
    elif errors.fields and error.code in CODE_FIELDS:
        errors.general = _("Revisa los campos marcados.")
    return errors


async def plan_codes(gateway: GatewayClient, settings: FrontendSettings) -> list[str]:
    """The plans the Committee works on: the processes' plans and the site's plan, newest
    first."""
    codes = {str(p["plan_code"]) for p in await gateway.processes() if p.get("plan_code")}
    codes.add(settings.plan_code)
    return sorted(codes, reverse=True)


async def chosen_plan(gateway: GatewayClient, settings: FrontendSettings, plan: str) -> str:
    """``?plan=`` when it names a plan; else the plan of the process under way."""
    codes = await plan_codes(gateway, settings)
    if plan in codes:
        return plan
    process = await current_process(gateway)
    return str((process or {}).get("plan_code") or settings.plan_code)


def form_values(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}
