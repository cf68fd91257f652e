"""The roadmap content: checked, normalised, and given ids that survive every version.

A saved version stores the content as JSON in the shape of the published event, with the
responsible persons resolved to name and organisation at the time of saving, so an old
version still reads right after the group changes.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from roadmaps.db import new_id
from roadmaps.groups.models import WorkingGroupMember
from roadmaps.groups.roles import GROUP_ROLES, RESPONSIBLE_ROLES
from roadmaps.roadmap.errors import (
    ActivityOutsideRoadmap,
    DuplicateItemId,
    EndBeforeStart,
    ResponsibleRoleMismatch,
    UnknownItemId,
    UnknownMember,
    WeightsMustSum100,
)
from roadmaps.roadmap.schemas import ActivityWrite, KeyActionWrite, RoadmapContent, RoadmapWrite

Members = Mapping[str, WorkingGroupMember]
KEY_ACTIONS_LABEL = "Acciones clave"
WEIGHTS_LABEL = "Pesos de las acciones clave que sumen 100"
# The seven elements every roadmap must have before it is agreed (methodology, phase 4);
# they mirror ``roadmap_required_elements`` in ``data/pa4-mexico-2019-2022.json`` (a test
# keeps them in step; a deployed service does not ship the demo data).
REQUIRED_ELEMENTS: dict[str, str] = {
    "responsible_public_servant": "Servidor público responsable",
    "responsible_cso_person": "Persona de sociedad civil responsable",
    "final_result": "Resultado final",
    "expected_products": "Productos esperados",
    "indicators": "Indicadores",
    "means_of_verification": "Medios de verificación",
    "start_and_end_dates": "Fechas de inicio y conclusión",
}
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")  # fmt: skip


def spanish_day(day: date) -> str:
    """``1 de marzo de 2027``: how a person reads a date in a message."""
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def _person(account_id: str | None, role: str, members: Members) -> dict[str, str] | None:
    if account_id is None:
        return None
    field = f"{role}_id"
    member = members.get(account_id)
    if member is None:
        raise UnknownMember(
            f"«{account_id}» no integra el grupo de trabajo; no puede ser {GROUP_ROLES[role]}.",
            details={"field": field, "account_id": account_id},
        )
    if member.group_role != role:
        raise ResponsibleRoleMismatch(
            f"{member.name} integra el grupo como «{GROUP_ROLES[member.group_role]}», "
            f"no como «{GROUP_ROLES[role]}».",
            details={"field": field, "account_id": account_id, "group_role": member.group_role},
        )
    return {"account_id": account_id, "name": member.name, "organization": member.organization}


def _check_span(where: str, field: str, start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise EndBeforeStart(
            f"En {where}: la fecha de conclusión ({spanish_day(end)}) es anterior a la de inicio "
            f"({spanish_day(start)}).",
            details={"field": field, "start_date": start.isoformat(), "end_date": end.isoformat()},
        )


def check_weights(key_actions: list[KeyActionWrite]) -> None:
    """Weights that do not sum 100 are refused only where completeness is required (an
    amendment of a public roadmap); a draft keeps them, shown as a missing element."""
    total = sum(ka.weight for ka in key_actions)
    if key_actions and total != 100:
        raise WeightsMustSum100(
            f"Los pesos de las acciones clave suman {total}; deben sumar 100.",
            details={"sum": total, "weights": [ka.weight for ka in key_actions]},
        )


class _Ids:
    """Ids a save may reuse (those of the version it edits) and those it already used."""

    def __init__(self, previous: Mapping[str, Any] | None) -> None:
        key_actions = (previous or {}).get("key_actions", [])
        self.known = {ka["key_action_id"] for ka in key_actions} | {
            act["activity_id"] for ka in key_actions for act in ka["activities"]
        }
        self.used: set[str] = set()

    def take(self, given: str | None, field: str) -> str:
        if given is None:
            return new_id()
        if given not in self.known:
            raise UnknownItemId(details={"field": field, "id": given})
        if given in self.used:
            raise DuplicateItemId(details={"field": field, "id": given})
        self.used.add(given)
        return given


def _activity(
    activity: ActivityWrite, order: int, field: str, ids: _Ids, data: RoadmapWrite
) -> dict[str, Any]:
    where = f"la actividad «{activity.title}»"
    _check_span(where, field, activity.start_date, activity.end_date)
    starts_early = data.start_date and activity.start_date and activity.start_date < data.start_date
    ends_late = data.end_date and activity.end_date and activity.end_date > data.end_date
    if starts_early or ends_late:
        raise ActivityOutsideRoadmap(
            f"Las fechas de {where} quedan fuera de las de la hoja de ruta.",
            details={"field": field},
        )
    return activity.model_dump(mode="json") | {
        "activity_id": ids.take(activity.activity_id, f"{field}.activity_id"),
        "order": order,
    }


def _key_action(ka: KeyActionWrite, order: int, ids: _Ids, data: RoadmapWrite) -> dict[str, Any]:
    field = f"key_actions[{order - 1}]"
    return {
        "key_action_id": ids.take(ka.key_action_id, f"{field}.key_action_id"),
        "order": order,
        "title": ka.title,
        "weight": ka.weight,
        "responsible_institution": ka.responsible_institution,
        "activities": [
            _activity(act, n, f"{field}.activities[{n - 1}]", ids, data)
            for n, act in enumerate(ka.activities, start=1)
        ],
    }


def build_content(
    data: RoadmapWrite, members: Members, previous: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The content to store for ``data``, or a 422 that names the first problem."""
    persons = {
        role: _person(getattr(data, f"{role}_id"), role, members) for role in RESPONSIBLE_ROLES
    }
    _check_span("la hoja de ruta", "end_date", data.start_date, data.end_date)
    ids = _Ids(previous)
    key_actions = [_key_action(ka, n, ids, data) for n, ka in enumerate(data.key_actions, start=1)]
    content = RoadmapContent(
        **persons,
        final_result=data.final_result,
        expected_products=data.expected_products,
        indicators=data.indicators,
        means_of_verification=data.means_of_verification,
        start_date=data.start_date,
        end_date=data.end_date,
        key_actions=key_actions,
    )
    return content.model_dump(mode="json")


def _without_order(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "order"}


def as_write(content: Mapping[str, Any]) -> dict[str, Any]:
    """Stored content back in the shape of a save (the base a PATCH applies to)."""
    values = {k: v for k, v in content.items() if k not in RESPONSIBLE_ROLES}
    for role in RESPONSIBLE_ROLES:
        person = content.get(role)
        values[f"{role}_id"] = person["account_id"] if person else None
    values["key_actions"] = [
        _without_order(ka) | {"activities": [_without_order(a) for a in ka["activities"]]}
        for ka in content.get("key_actions", [])
    ]
    return values


def missing_elements(content: Mapping[str, Any], members: Members) -> list[dict[str, str]]:
    """The required elements the content lacks, in the methodology's order and words.

    A responsible person who has since left the group (or changed role) counts as missing.
    """
    present = {
        "final_result": bool(content.get("final_result")),
        "expected_products": bool(content.get("expected_products")),
        "indicators": bool(content.get("indicators")),
        "means_of_verification": bool(content.get("means_of_verification")),
        "start_and_end_dates": bool(content.get("start_date") and content.get("end_date")),
    }
    for role in RESPONSIBLE_ROLES:
        person = content.get(role)
        member = members.get(person["account_id"]) if person else None
        present[role] = member is not None and member.group_role == role
    missing = [
        {"key": k, "label": label} for k, label in REQUIRED_ELEMENTS.items() if not present[k]
    ]
    key_actions = content.get("key_actions") or []
    if not key_actions:
        missing.append({"key": "key_actions", "label": KEY_ACTIONS_LABEL})
    elif weight_total(content) != 100:
        missing.append({"key": "key_action_weights", "label": WEIGHTS_LABEL})
    return missing


def weight_total(content: Mapping[str, Any]) -> int:
    """The sum of the key actions' weights (100 once the roadmap is complete)."""
    return sum(int(ka.get("weight") or 0) for ka in content.get("key_actions") or [])
