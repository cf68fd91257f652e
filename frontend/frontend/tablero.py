"""The tablero de seguimiento: the plan's progress and every commitment, in public."""

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from frontend.deps import GatewayDep, SettingsDep
from frontend.gateway import GatewayUnavailable
from frontend.i18n import _, current_language
from frontend.render import page
from frontend.session import VisitorDep
from frontend.views import parse_day
from frontend.vocabulary import ACTIVITY_STATUS, IRM_VALUES, SELF_ASSESSMENT

router = APIRouter(prefix="/tablero")
RENDERED: dict[tuple, tuple[dict, bytes]] = {}
TRACKING = "/api/v1/tracking"
# The colour is a class (the stylesheet pairs each with a text label and a pattern).
STATUS_CLASSES = {
    "completed": "ok",
    "substantial": "good",
    "limited": "warn",
    "not_started": "idle",
    "inactive": "inactive",
    "sin_evaluar": "idle",
}


def percent(value: Any) -> float | None:
    return round(float(value), 1) if isinstance(value, int | float) else None


def commitment_row(item: dict) -> dict:
    status = (
        "inactive" if item.get("inactive") else str(item.get("self_assessment") or "sin_evaluar")
    )
    progress = item.get("progress") or {}
    return item | {
        "status_key": status,
        "status_class": STATUS_CLASSES.get(status, "idle"),
        "status_label": _(SELF_ASSESSMENT.get(status, status)),
        "completed": percent(progress.get("completed")),
        "verified": percent(progress.get("verified")),
        "last_update_on": parse_day(item.get("last_validated_update_at")),
    }


async def formula_text(gateway: Any) -> str:
    try:
        formula = await gateway.get_json(f"{TRACKING}/progress/formula")
    except GatewayUnavailable:
        return ""
    return str(formula.get("text_es") or "") if isinstance(formula, dict) else ""


@router.get("", response_class=HTMLResponse)
async def dashboard(
    request: Request, gateway: GatewayDep, settings: SettingsDep, visitor: VisitorDep
) -> HTMLResponse:
    """El tablero: avance del plan, estado de cada compromiso y la fórmula publicada."""
    board, formula = await asyncio.gather(
        gateway.get_json(f"{TRACKING}/plans/{settings.plan_code}/dashboard"),
        formula_text(gateway),
    )
    # The same cached answer renders the same page for everyone signed out: render it once.
    key = (id(board), formula, current_language.get())
    if not visitor.signed_in and (kept := RENDERED.get(key)) is not None:
        return HTMLResponse(kept[1])
    response = render_dashboard(request, board, formula)
    if not visitor.signed_in:
        RENDERED.clear()  # only the newest answer is worth keeping
        RENDERED[key] = (board, bytes(response.body))  # the board kept alive: its id stays its
    return response


def render_dashboard(request: Request, board: dict, formula: str) -> HTMLResponse:
    progress = board.get("progress") or {}
    context = {
        "board": board,
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


def irm_rows(irm: dict) -> list[dict]:
    rows = []
    for record in irm.get("all") or []:
        rows.append(
            record
            | {
                "assessed": parse_day(record.get("assessed_on")),
                "labels": {
                    key: _(IRM_VALUES.get(str(record.get(key)), str(record.get(key))))
                    for key in ("potential_impact", "completion", "did_it_open_government")
                    if record.get(key)
                },
            }
        )
    return rows


def key_action_rows(key_actions: list[dict]) -> list[dict]:
    return [
        ka
        | {
            "activities": [
                a
                | {
                    "status_label": _(
                        ACTIVITY_STATUS.get(str(a.get("status")), str(a.get("status") or ""))
                    )
                }
                for a in ka.get("activities") or []
            ]
        }
        for ka in key_actions
    ]


@router.get("/compromisos/{commitment_id}", response_class=HTMLResponse)
async def commitment(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> HTMLResponse:
    """Un compromiso: acciones clave con su peso, actividades, evidencia, línea de tiempo
    validada, opinión del IRM y, si está inactivo, la razón."""
    detail = await gateway.get_json(f"{TRACKING}/commitments/{commitment_id}")
    assessment = detail.get("self_assessment")
    assessment = assessment if isinstance(assessment, dict) else {}
    status = (
        "inactive" if detail.get("inactive") else str(assessment.get("status") or "sin_evaluar")
    )
    progress = detail.get("progress") or {}
    context = {
        "c": detail,
        "status_class": STATUS_CLASSES.get(status, "idle"),
        "status_label": _(SELF_ASSESSMENT.get(status, status)),
        "inactive_since": parse_day(assessment.get("inactive_since")),
        "inactive_reason": assessment.get("inactive_reason") or detail.get("inactive_reason") or "",
        "completed": percent(progress.get("completed")),
        "verified": percent(progress.get("verified")),
        "key_actions": key_action_rows(detail.get("key_actions") or []),
        "timeline": [
            t
            | {
                "published": parse_day(t.get("published_at")),
                "status_label": _(ACTIVITY_STATUS.get(str(t.get("new_status")), "")),
            }
            for t in detail.get("timeline") or []
        ],
        "irm": irm_rows(detail.get("irm") or {}),
    }
    return page(request, "commitment.html", context)
