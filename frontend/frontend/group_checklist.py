"""The group page as a checklist: what the roadmap still needs before agreement, by name.

Built from the API's documents only (the roadmap, its review sessions and the group's
members); every sector, role and status is said in words, every date in Spanish.
"""

from typing import Any

from frontend.i18n import _, format_day
from frontend.session import Visitor
from frontend.views import parse_day
from frontend.vocabulary import GROUP_ROLES, GROUP_SECTORS

MIN_REVIEW_SESSIONS = 2  # the 2019 methodology: at least two, before agreement
RESPONSIBLE_ROLES = ("responsible_public_servant", "responsible_cso_person")
SESSION_GAPS = {
    frozenset({"government", "cso"}): "no asistió nadie del gobierno ni de sociedad civil",
    frozenset({"government"}): "no asistió nadie del gobierno",
    frozenset({"cso"}): "no asistió nadie de sociedad civil",
}


def sector_label(code: Any) -> str:
    return _(GROUP_SECTORS.get(str(code), str(code or "")))


def member_rows(members: list[dict]) -> list[dict]:
    return [
        m
        | {
            "sector_label": sector_label(m.get("sector")),
            "role_label": _(GROUP_ROLES.get(str(m.get("group_role")), "Integrante")),
        }
        for m in members
    ]


def session_gap(attendees: list[dict]) -> str:
    """Why a review session does not count for agreement ("" when it counts)."""
    present = {str(a.get("sector")) for a in attendees if isinstance(a, dict)}
    missing = frozenset({"government", "cso"} - present)
    return _(SESSION_GAPS[missing]) if missing else ""


def session_rows(sessions: list[dict]) -> list[dict]:
    rows = []
    for s in sessions:
        attendees = [a for a in s.get("attendees") or [] if isinstance(a, dict)]
        people = [f"{a.get('name')} ({sector_label(a.get('sector'))})" for a in attendees]
        gap = session_gap(attendees)
        rows.append(s | {"held": parse_day(s.get("held_on")), "people": people, "gap": gap})
    return rows


def signature_rows(roadmap: dict | None, visitor: Visitor) -> list[dict]:
    """Each responsible person of the current version: signed (when) or still to sign."""
    content = (roadmap or {}).get("content") or {}
    signed = {s.get("role"): s for s in (roadmap or {}).get("sign_offs") or []}
    rows = []
    for role in RESPONSIBLE_ROLES:
        person = content.get(role) if isinstance(content.get(role), dict) else None
        signature = signed.get(role)
        day = parse_day((signature or {}).get("signed_at"))
        rows.append(
            {
                "role": role,
                "role_label": _(GROUP_ROLES[role]),
                "name": (person or {}).get("name") or (signature or {}).get("name") or "",
                "is_me": bool(person) and person.get("account_id") == visitor.account_id,
                "signed_on": format_day(day) if day else "",
                "signed": signature is not None,
            }
        )
    return rows


def _item(label: str, done: bool, detail: str = "") -> dict[str, Any]:
    return {"label": label, "done": done, "detail": detail}


def checklist(roadmap: dict | None, valid_sessions: int) -> list[dict[str, Any]]:
    """The steps to an agreed roadmap, each done or not, with what is missing in words."""
    if not roadmap:
        return [_item(_("La hoja de ruta existe"), False, _("El grupo aún no la empieza."))]
    status = roadmap.get("status")
    missing = [_(m.get("label") or "") for m in roadmap.get("missing_elements") or []]
    signatures = signature_rows(roadmap, Visitor())
    held = min(valid_sessions, MIN_REVIEW_SESSIONS)
    items = [
        _item(
            _("Elementos obligatorios completos"),
            not missing,
            (_("Faltan: %(list)s.") % {"list": ", ".join(missing)}) if missing else "",
        ),
        _item(_("Enviada a revisión"), status != "draft"),
        _item(
            _("Sesiones de revisión válidas: %(held)d de %(required)d")
            % {"held": held, "required": MIN_REVIEW_SESSIONS},
            valid_sessions >= MIN_REVIEW_SESSIONS,
            _("Cuentan solo las sesiones con asistencia del gobierno y de sociedad civil."),
        ),
    ]
    for s in signatures:
        who = s["name"] or _("sin nombrar en la hoja de ruta")
        detail = (
            _("Firmó %(name)s el %(day)s.") % {"name": who, "day": s["signed_on"]}
            if s["signed"]
            else _("Falta la firma de %(name)s.") % {"name": who}
        )
        items.append(_item(_("Firma: %(role)s") % {"role": s["role_label"]}, s["signed"], detail))
    items.append(_item(_("Acordada por el grupo"), status in ("agreed", "published")))
    items.append(_item(_("Publicada por el Comité Coordinador"), status == "published"))
    return items


def roadmap_weight_total(roadmap: dict | None) -> int | None:
    """The key actions' weight total (``None`` while there are no key actions)."""
    key_actions = ((roadmap or {}).get("content") or {}).get("key_actions") or []
    if not key_actions:
        return None
    return sum(int(ka.get("weight") or 0) for ka in key_actions if isinstance(ka, dict))


def weight_warning(total: int | None) -> str:
    """A warning while the key actions' weights do not sum 100 ("" when they do)."""
    if total is None or total == 100:
        return ""
    return _(
        "Los pesos de las acciones clave suman %(total)d %%; deben sumar 100 %% para enviarla "
        "a revisión, firmarla y acordarla."
    ) % {"total": total}
