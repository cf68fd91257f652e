"""``/cumplimiento``: the OGP minimum requirements of the current plan, each computed from
data by the tracking service, shown with its evidence and when it was computed."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from frontend.deps import GatewayDep
from frontend.i18n import _, format_day
from frontend.render import page
from frontend.session import VisitorDep
from frontend.tablero import plans_and_current
from frontend.views import parse_day

router = APIRouter()
STATUS = {
    "met": ("Se cumple", "ok"),
    "at_risk": ("En riesgo", "warn"),
    "not_met": ("No se cumple", "inactive"),
    "no_data": ("Sin datos para calcularlo", "idle"),
}
TITLES = {
    "forum_every_six_months": "El foro multiactor sesiona al menos cada seis meses",
    "implementation_meetings_with_cso": "Al menos dos reuniones de implementación con sociedad civil al año",  # noqa: E501
    "repository_updated": "El repositorio se actualiza al menos dos veces al año",
    "reasoned_response": "Cada aportación recibe una respuesta razonada",
    "timeline_before_cocreation": "El calendario se publica antes de la cocreación",
}


def _day(value: Any) -> str:
    day = parse_day(value)
    return format_day(day) if day else _("sin fecha")


def _moment(value: Any) -> tuple[str, str]:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return "", ""
    return moment.isoformat(), f"{format_day(moment.date())}, {moment:%H:%M} UTC"


def _by_year(evidence: dict) -> list[str]:
    lines = []
    for year in evidence.get("by_year") or []:
        status = _(STATUS.get(str(year.get("status")), ("", ""))[0]).lower()
        counts = {k: year.get(k) for k in ("year", "count", "required")}
        text = _("%(year)s: %(count)s de %(required)s requeridas") % counts
        lines.append(f"{text} ({status}).")
    return lines or [_("Registros: %(n)s.") % {"n": evidence.get("total", 0)}]


def _forum(evidence: dict) -> list[str]:
    lines = [_("Sesiones registradas: %(n)s.") % {"n": evidence.get("meetings", 0)}]
    if evidence.get("last_meeting"):
        lines.append(_("Última sesión: %(d)s.") % {"d": _day(evidence["last_meeting"])})
    if "longest_gap_days" in evidence:
        gap = {"n": evidence["longest_gap_days"]}
        lines.append(_("Mayor intervalo entre sesiones: %(n)s días.") % gap)
    if evidence.get("forum_rules_url"):
        lines.append(_("Reglas del foro: %(url)s") % {"url": evidence["forum_rules_url"]})
    return lines


def _responses(evidence: dict) -> list[str]:
    if "contributions" not in evidence:
        return []
    share = round(float(evidence.get("share") or 0) * 100, 1)
    counts = {"answered": evidence["answered"], "total": evidence["contributions"]}
    text = _("%(answered)s de %(total)s aportaciones con respuesta publicada") % counts
    return [f"{text} ({share} %)."]


def _timeline(evidence: dict) -> list[str]:
    published = {"d": _day(evidence.get("timeline_published_on"))}
    cocreation = {"d": _day(evidence.get("cocreation_starts_on"))}
    return [
        _("Calendario publicado: %(d)s.") % published,
        _("Inicio de la cocreación: %(d)s.") % cocreation,
    ]


EVIDENCE = {
    "forum_every_six_months": _forum,
    "implementation_meetings_with_cso": _by_year,
    "repository_updated": _by_year,
    "reasoned_response": _responses,
    "timeline_before_cocreation": _timeline,
}


def evidence_lines(key: str, evidence: dict) -> list[str]:
    """The evidence of one check, in words."""
    lines = EVIDENCE[key](evidence) if key in EVIDENCE else []
    return lines or [_("Todavía no hay datos registrados para este requisito.")]


def check_row(check: dict) -> dict:
    key = str(check.get("key") or "")
    label, css = STATUS.get(str(check.get("status")), STATUS["no_data"])
    at_iso, at_text = _moment(check.get("computed_at"))
    return check | {
        "title": _(TITLES.get(key, str(check.get("title_es") or key))),
        "status_label": _(label),
        "status_class": css,
        "evidence_lines": evidence_lines(key, check.get("evidence") or {}),
        "computed_iso": at_iso,
        "computed_text": at_text,
    }


@router.get("/cumplimiento", response_class=HTMLResponse)
async def compliance(request: Request, gateway: GatewayDep, visitor: VisitorDep) -> HTMLResponse:
    """Requisitos mínimos de OGP del plan en curso, calculados con datos, con su evidencia."""
    _plans, plan = await plans_and_current(request)
    report = await gateway.get_json(f"/api/v1/tracking/plans/{plan}/compliance")
    period = report.get("period") or {}
    context = {
        "plan": plan,
        "as_of": parse_day(report.get("as_of")),
        "period_starts": parse_day(period.get("starts_on")),
        "period_ends": parse_day(period.get("ends_on")),
        "checks": [check_row(c) for c in report.get("checks") or []],
    }
    return page(request, "compliance.html", context)
