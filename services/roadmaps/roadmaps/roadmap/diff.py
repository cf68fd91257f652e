"""A readable diff between two roadmap versions: field by field, key actions and activities
matched by their stable ids, text compared line by line with difflib."""

import difflib
from collections.abc import Mapping
from typing import Any

from roadmaps.roadmap.schemas import FieldChange

FIELD_LABELS = {
    "responsible_public_servant": "Servidor público responsable",
    "responsible_cso_person": "Persona de sociedad civil responsable",
    "final_result": "Resultado final",
    "expected_products": "Productos esperados",
    "indicators": "Indicadores",
    "means_of_verification": "Medios de verificación",
    "start_date": "Fecha de inicio",
    "end_date": "Fecha de conclusión",
}
KEY_ACTION_LABELS = {"order": "Orden", "title": "Título", "weight": "Peso"}
ACTIVITY_LABELS = {
    "order": "Orden",
    "title": "Título",
    "start_date": "Fecha de inicio",
    "end_date": "Fecha de conclusión",
    "indicator": "Indicador",
    "means_of_verification": "Medio de verificación",
    "reschedule_reason": "Motivo del cambio de fechas",
}
# Dates are ISO strings in the stored content; they read better as before/after only.
_NOT_TEXT = {"start_date", "end_date"}

Item = Mapping[str, Any]


def text_diff(before: Any, after: Any) -> list[str]:
    def lines(value: Any) -> list[str]:
        if isinstance(value, list):
            return [str(v) for v in value]
        return str(value or "").splitlines()

    diff = difflib.unified_diff(
        lines(before), lines(after), fromfile="antes", tofile="después", lineterm="", n=2
    )
    return list(diff)


def _field(path: str, label: str, name: str, before: Any, after: Any) -> list[FieldChange]:
    if before == after:
        return []
    textual = name not in _NOT_TEXT and isinstance(
        before if before is not None else after, (str, list)
    )
    return [
        FieldChange(
            path=path,
            label=label,
            change="modified",
            before=before,
            after=after,
            text_diff=text_diff(before, after) if textual else None,
        )
    ]


def _items(
    old: list[Item], new: list[Item], *, key: str, path: str, noun: str, fields: dict[str, str]
) -> list[FieldChange]:
    old_by_id = {item[key]: item for item in old}
    new_ids = {item[key] for item in new}
    changes: list[FieldChange] = []
    for item in new:
        item_path, name = f"{path}/{item[key]}", f"{noun} «{item['title']}»"
        before = old_by_id.get(item[key])
        if before is None:
            changes.append(FieldChange(path=item_path, label=name, change="added", after=item))
            continue
        for field, label in fields.items():
            changes += _field(
                f"{item_path}/{field}", f"{name} · {label}", field, before[field], item[field]
            )
        if "activities" in item:
            changes += _items(
                before["activities"],
                item["activities"],
                key="activity_id",
                path=f"{item_path}/activities",
                noun=f"{name} · Actividad",
                fields=ACTIVITY_LABELS,
            )
    for item in old:
        if item[key] not in new_ids:
            changes.append(
                FieldChange(
                    path=f"{path}/{item[key]}",
                    label=f"{noun} «{item['title']}»",
                    change="removed",
                    before=item,
                )
            )
    return changes


def diff_contents(old: Item, new: Item) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for field, label in FIELD_LABELS.items():
        changes += _field(field, label, field, old.get(field), new.get(field))
    changes += _items(
        old.get("key_actions", []),
        new.get("key_actions", []),
        key="key_action_id",
        path="key_actions",
        noun="Acción clave",
        fields=KEY_ACTION_LABELS,
    )
    return changes
