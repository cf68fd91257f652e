"""The Committee's view of what is falling behind in a plan: the stale commitments (an
activity past its current end date without being complete, or no validated progress update
for too long) and each overdue activity, read from tracking's
``GET /plans/{plan}/stale-commitments``. Read-only; each row links to its commitment."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from frontend.committee import committee_only
from frontend.committee_forms import TRACKING, chosen_plan, plan_codes
from frontend.deps import GatewayDep, SettingsDep
from frontend.i18n import _
from frontend.render import page
from frontend.session import VisitorDep
from frontend.views import parse_day
from reference.statuses import ACTIVITY_STATUS

router = APIRouter(prefix="/comite")


def stale_rows(report: dict) -> list[dict]:
    """The stale commitments in number order, each with its overdue activities."""
    rows = []
    for c in report.get("commitments") or []:
        if not isinstance(c, dict) or not c.get("stale"):
            continue
        overdue = [
            a
            | {
                "ends": parse_day(a.get("end_date")),
                "status_label": _(ACTIVITY_STATUS.get(str(a.get("status")), "")),
            }
            for a in c.get("overdue_activities") or []
            if isinstance(a, dict)
        ]
        rows.append(
            c
            | {
                "overdue": overdue,
                "last_update_on": parse_day(c.get("last_validated_update_at")),
                "quiet": c.get("days_since_validated_update") is None
                or c["days_since_validated_update"] > (report.get("stale_after_days") or 0),
            }
        )
    return rows


@router.get("/rezagos", response_class=HTMLResponse)
async def stale_commitments(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    plan: str = "",
) -> Response:
    """Compromisos rezagados del plan y sus actividades vencidas."""
    if redirect := committee_only(visitor, "/comite/rezagos"):
        return redirect
    plan_code = await chosen_plan(gateway, settings, plan)
    codes = await plan_codes(gateway, settings)
    report = await gateway.call(
        "GET", f"{TRACKING}/plans/{plan_code}/stale-commitments", token=visitor.token
    )
    context = {
        "plan": plan_code,
        "plans": codes,
        "rows": stale_rows(report or {}),
        "as_of": parse_day((report or {}).get("as_of")),
        "stale_after_days": (report or {}).get("stale_after_days"),
        "total": len((report or {}).get("commitments") or []),
    }
    return page(request, "committee_stale.html", context)
