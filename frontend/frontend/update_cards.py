"""A progress update as its card shows it: the planned activity it reports on (key action,
weight, indicator, means of verification), and each side's validation in words."""

from typing import Any

from frontend.i18n import _, format_day
from frontend.session import Visitor
from frontend.views import parse_day
from reference.roles import COMMITTEE
from reference.statuses import ACTIVITY_STATUS

UPDATE_STATES = {"pending": "Pendiente", "rejected": "Devuelta", "published": "Publicada"}
SIDES = {"cso": "Sociedad civil", "committee": "Comité Coordinador"}


def my_side(visitor: Visitor) -> str:
    """The validation this person gives ("" when none)."""
    if visitor.role in COMMITTEE:
        return "committee"
    return "cso" if visitor.role == "cso" else ""


def _who(account_id: Any, names: dict[str, str], visitor: Visitor, side: str) -> str:
    if account_id and account_id == visitor.account_id:
        return _("tú")
    return names.get(str(account_id)) or _(SIDES[side])


def _day(value: Any) -> str:
    day = parse_day(value)
    return format_day(day) if day else ""


def side_text(update: dict, side: str, names: dict[str, str], visitor: Visitor) -> str:
    """«validó el 1 de marzo de 2027 (Luis Pérez)», «devolvió …: motivo», «pendiente» …"""
    step = update.get(f"{side}_validation") or {}
    rejection = update.get("rejection") or {}
    if step.get("at"):
        who = _who(step.get("by"), names, visitor, side)
        return _("validó el %(day)s (%(who)s)") % {"day": _day(step.get("at")), "who": who}
    if rejection and rejection.get("side") == side:
        return _("la devolvió el %(day)s") % {"day": _day(rejection.get("at"))}
    if update.get("state") == "rejected":
        return _("ya no valida: la actualización fue devuelta")
    return _("pendiente")


def update_rows(
    updates: list[dict], activities: list[dict], members: list[dict], visitor: Visitor
) -> list[dict]:
    planned = {str(a.get("id")): a for a in activities}
    names = {str(m.get("account_id")): str(m.get("name") or "") for m in members}
    side = my_side(visitor)
    rows = []
    for u in updates:
        activity = planned.get(str(u.get("activity_id")), {})
        mine = (u.get(f"{side}_validation") or {}) if side else {}
        rows.append(
            u
            | {
                "activity": activity,
                "activity_title": activity.get("title") or u.get("activity_id"),
                "state_label": _(UPDATE_STATES.get(u.get("state") or "", "")),
                "status_label": _(ACTIVITY_STATUS.get(u.get("new_status") or "", "")),
                "submitted": parse_day(u.get("submitted_at")),
                "returned_on": _day((u.get("rejection") or {}).get("at")),
                "sides": [
                    {"label": _(SIDES[s]), "text": side_text(u, s, names, visitor)} for s in SIDES
                ],
                "validated_by_my_side": (
                    _("%(side)s ya validó: %(text)s.")
                    % {"side": _(SIDES[side]), "text": side_text(u, side, names, visitor)}
                    if mine.get("at")
                    else ""
                ),
                "can_validate": bool(side) and u.get("state") == "pending" and not mine.get("at"),
            }
        )
    return rows
