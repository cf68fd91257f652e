"""The tablero de seguimiento: the plan's progress and every commitment, in public."""

import asyncio
import re
import time
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from frontend.deps import GatewayDep
from frontend.errors import error_page
from frontend.gateway import GatewayUnavailable
from frontend.i18n import _
from frontend.pages import local_today
from frontend.render import RenderedOnce, page
from frontend.session import VisitorDep
from frontend.views import parse_day
from frontend.vocabulary import NOT_ASSESSED, SELF_ASSESSMENT_SHOWN
from reference.ogp import IRM_VALUES
from reference.statuses import ACTIVITY_STATUS

router = APIRouter(prefix="/tablero")
RENDERED = RenderedOnce()
TRACKING = "/api/v1/tracking"
# The colour is a class (the stylesheet pairs each with a text label and a pattern).
STATUS_CLASSES = {
    "completed": "ok",
    "substantial": "good",
    "limited": "warn",
    "not_started": "idle",
    "inactive": "inactive",
    NOT_ASSESSED: "idle",
}


def percent(value: Any) -> float | None:
    return round(float(value), 1) if isinstance(value, int | float) else None


def commitment_row(item: dict) -> dict:
    status = (
        "inactive" if item.get("inactive") else str(item.get("self_assessment") or NOT_ASSESSED)
    )
    progress = item.get("progress") or {}
    return item | {
        "status_key": status,
        "status_class": STATUS_CLASSES.get(status, "idle"),
        "status_label": _(SELF_ASSESSMENT_SHOWN.get(status, status)),
        "completed": percent(progress.get("completed")),
        "verified": percent(progress.get("verified")),
        "last_update_on": parse_day(item.get("last_validated_update_at")),
        "known": known_without_activities(item, status),
    }


def known_without_activities(item: dict, status: str) -> list[tuple[str, str]]:
    """What is known of a commitment whose activities were never recorded here (the 4th
    plan's were tracked elsewhere): the final self-assessment and the IRM's opinion."""
    irm = item.get("irm") or {}
    facts = []
    if status != NOT_ASSESSED:
        facts.append((_("Autoevaluación final"), _(SELF_ASSESSMENT_SHOWN.get(status, status))))
    results, design = irm.get("results") or {}, irm.get("design") or {}
    labels = {
        "completion": _("Cumplimiento según el IRM"),
        "did_it_open_government": _("¿Abrió el gobierno? (IRM)"),
    }
    for key, label in labels.items():
        if results.get(key):
            facts.append((label, _(IRM_VALUES.get(str(results[key]), str(results[key])))))
    if design.get("potential_impact"):
        value = str(design["potential_impact"])
        facts.append((_("Impacto potencial (IRM)"), _(IRM_VALUES.get(value, value))))
    return facts


FORMULA_KEPT_SECONDS = 300.0


async def formula_text(gateway: Any) -> str:
    """The published formula, kept five minutes: it changes only with a release of tracking,
    and asking for it on every view was a quarter of the tablero's time (py-spy, 2026-12-04)."""
    kept = getattr(gateway, "formula_kept", None)  # (read at, text), on the app's client
    if kept is not None and time.monotonic() - kept[0] < FORMULA_KEPT_SECONDS:
        return kept[1]
    try:
        formula = await gateway.get_json(f"{TRACKING}/progress/formula")
    except GatewayUnavailable:
        return ""  # asked again on the next view
    text = str(formula.get("text_es") or "") if isinstance(formula, dict) else ""
    gateway.formula_kept = (time.monotonic(), text)
    return text


PLAN_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,39}$")
PLANS_KEPT_SECONDS = 10.0


def _span(process: dict) -> tuple[date | None, date | None]:
    phases = process.get("phases") or []
    starts = parse_day(process.get("starts_on")) or min(
        (d for p in phases if (d := parse_day(p.get("starts_on")))), default=None
    )
    ends = parse_day(process.get("ends_on")) or max(
        (d for p in phases if (d := parse_day(p.get("ends_on")))), default=None
    )
    return starts, ends


def current_plan_of(processes: list[dict], today: date, configured: str) -> str:
    """The plan whose process is under way today (the newest if several), else the
    configured one (FRONTEND_PLAN_CODE)."""
    under_way = []
    for process in processes:
        starts, ends = _span(process)
        if process.get("plan_code") and starts and starts <= today and (not ends or today <= ends):
            under_way.append((starts, str(process["plan_code"])))
    return max(under_way)[1] if under_way else configured


async def plans_and_current(request: Request) -> tuple[list[str], str]:
    """Every plan a consultation process names (newest first) and the current one, kept a
    few seconds per process: the process list has no ETag, and the tablero is the busiest
    page (plans and phases change rarely)."""
    state, now = request.app.state, time.monotonic()
    kept = getattr(state, "plan_choices", None)
    if kept is not None and now - kept[0] < PLANS_KEPT_SECONDS:
        return kept[1], kept[2]
    settings = state.settings
    try:
        processes = await state.gateway.processes()
    except GatewayUnavailable:
        processes = []
    current = current_plan_of(processes, local_today(settings.time_zone), settings.plan_code)
    codes = {str(p.get("plan_code")) for p in processes if p.get("plan_code")} | {current}
    plans = sorted((c for c in codes if PLAN_CODE.match(c)), reverse=True)
    if processes:  # an unreachable consultation is asked again on the next view
        state.plan_choices = (now, plans, current)
    return plans, current


@router.get("", response_class=HTMLResponse)
async def dashboard(
    request: Request, gateway: GatewayDep, visitor: VisitorDep, plan: str = ""
) -> HTMLResponse:
    """El tablero de un plan (el vigente si no se elige otro): avance del plan, estado de
    cada compromiso y la fórmula publicada."""
    plans, current = await plans_and_current(request)
    chosen = plan.strip().upper() or current
    if chosen not in plans:
        message = _("Plan: no hay un plan con la clave «%(code)s». Planes disponibles: %(plans)s.")
        known = {"code": plan.strip()[:40], "plans": ", ".join(plans)}
        return error_page(request, 404, _("No encontramos ese plan"), message % known)
    board, formula = await asyncio.gather(
        gateway.get_json(f"{TRACKING}/plans/{chosen}/dashboard"),
        formula_text(gateway),
    )
    # The same cached answer renders the same page for everyone signed out: render it once.
    if visitor.signed_in:
        return render_dashboard(request, board, formula, plans)
    if (kept := RENDERED.get((board,), formula, tuple(plans))) is not None:
        return kept
    response = render_dashboard(request, board, formula, plans)
    return RENDERED.keep((board,), formula, tuple(plans), response=response)


def render_dashboard(request: Request, board: dict, formula: str, plans: list[str]) -> HTMLResponse:
    progress = board.get("progress") or {}
    context = {
        "board": board,
        "plans": plans,
        "chosen": board.get("plan_code"),
        "plan_completed": percent(progress.get("completed")),
        "plan_verified": percent(progress.get("verified")),
        "rows": [commitment_row(c) for c in board.get("commitments") or []],
        "activity_counts": [
            (_(label), (board.get("activity_status_counts") or {}).get(key, 0))
            for key, label in ACTIVITY_STATUS.items()
        ],
        "formula": formula,
    }
    return page(request, "tablero.html", context)
