"""The roadmap as a no-JavaScript form: API content → form values → API body.

Key actions and their activities are rows with numbered field names (``ka0_title``,
``ka0_a1_title`` …); the form always offers a few empty rows to add more, and a row left
empty is dropped when saving.
"""

from typing import Any

from frontend.i18n import _

LIST_FIELDS = ("expected_products", "indicators", "means_of_verification")
EXTRA_KEY_ACTIONS = 2
EXTRA_ACTIVITIES = 2
MAX_KEY_ACTIONS = 50
MAX_ACTIVITIES = 100
KEY_ACTION_FIELDS = ("id", "title", "weight", "responsible_institution")
ACTIVITY_FIELDS = (
    "id",
    "title",
    "start_date",
    "end_date",
    "indicator",
    "means_of_verification",
    "reschedule_reason",
)


def empty_activity() -> dict[str, str]:
    return dict.fromkeys(ACTIVITY_FIELDS, "")


def empty_key_action() -> dict[str, Any]:
    return {"id": "", "title": "", "weight": "", "responsible_institution": "", "activities": []}


def padded(key_actions: list[dict]) -> list[dict]:
    """The rows the form draws: the given ones plus empty ones to add more."""
    rows = [dict(ka) for ka in key_actions] + [empty_key_action() for _ in range(EXTRA_KEY_ACTIONS)]
    for row in rows:
        row["activities"] = list(row["activities"]) + [
            empty_activity() for _ in range(EXTRA_ACTIVITIES)
        ]
    return rows


def _person_id(person: Any) -> str:
    return str(person.get("account_id") or "") if isinstance(person, dict) else ""


def editable(content: dict) -> dict[str, Any]:
    """The roadmap's content as the form shows it (lists one item per line)."""
    values: dict[str, Any] = {"final_result": content.get("final_result") or ""}
    for name in LIST_FIELDS:
        values[name] = "\n".join(content.get(name) or [])
    values["start_date"] = content.get("start_date") or ""
    values["end_date"] = content.get("end_date") or ""
    values["responsible_public_servant_id"] = _person_id(content.get("responsible_public_servant"))
    values["responsible_cso_person_id"] = _person_id(content.get("responsible_cso_person"))
    values["key_actions"] = [
        {
            "id": ka.get("key_action_id") or "",
            "title": ka.get("title") or "",
            "weight": str(ka.get("weight") or ""),
            "responsible_institution": ka.get("responsible_institution") or "",
            "activities": [
                {
                    "id": a.get("activity_id") or "",
                    "title": a.get("title") or "",
                    "start_date": a.get("start_date") or "",
                    "end_date": a.get("end_date") or "",
                    "indicator": a.get("indicator") or "",
                    "means_of_verification": a.get("means_of_verification") or "",
                    "reschedule_reason": a.get("reschedule_reason") or "",
                }
                for a in ka.get("activities") or []
                if isinstance(a, dict)
            ],
        }
        for ka in content.get("key_actions") or []
        if isinstance(ka, dict)
    ]
    return values


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _activities(form: Any, prefix: str) -> list[dict[str, str]]:
    rows = []
    for j in range(MAX_ACTIVITIES):
        if f"{prefix}_a{j}_title" not in form:
            break
        row = {f: _text(form, f"{prefix}_a{j}_{f}") for f in ACTIVITY_FIELDS}
        if any(row[f] for f in ACTIVITY_FIELDS if f != "id"):
            rows.append(row)
    return rows


def typed_values(form: Any) -> dict[str, Any]:
    """What the person typed, as form values (empty rows dropped)."""
    values: dict[str, Any] = {"final_result": _text(form, "final_result")}
    for name in (*LIST_FIELDS, "start_date", "end_date"):
        values[name] = _text(form, name)
    for name in ("responsible_public_servant_id", "responsible_cso_person_id"):
        values[name] = _text(form, name)
    key_actions = []
    for i in range(MAX_KEY_ACTIONS):
        if f"ka{i}_title" not in form:
            break
        row = {f: _text(form, f"ka{i}_{f}") for f in KEY_ACTION_FIELDS}
        row["activities"] = _activities(form, f"ka{i}")
        if row["title"] or row["weight"] or row["activities"]:
            key_actions.append(row)
    values["key_actions"] = key_actions
    return values


def weight_total(values: dict[str, Any]) -> int | None:
    try:
        return sum(int(ka["weight"]) for ka in values["key_actions"])
    except (ValueError, KeyError):
        return None


def local_errors(values: dict[str, Any]) -> dict[str, str]:
    """What can be said before asking the API (a weight that is not a whole number)."""
    for n, ka in enumerate(values["key_actions"]):
        if not ka["weight"].isdigit():
            message = _(
                "La acción clave %(n)d necesita un peso, un número entero (el borrador puede "
                "guardarse aunque los pesos aún no sumen 100)."
            )
            return {"key_actions": message % {"n": n + 1}}
    return {}


COMPARED = (
    "responsible_public_servant_id",
    "responsible_cso_person_id",
    "final_result",
    *LIST_FIELDS,
)


def _key_action_shape(values: dict[str, Any]) -> list[tuple]:
    return [
        (
            ka["title"],
            str(ka["weight"]),
            ka.get("responsible_institution") or "",
            [tuple(a.get(f, "") for f in ACTIVITY_FIELDS if f != "id") for a in ka["activities"]],
        )
        for ka in values.get("key_actions") or []
    ]


def differences(theirs: dict[str, Any], mine: dict[str, Any]) -> list[str]:
    """The parts of the roadmap where two versions (as form values) differ."""
    found = [k for k in COMPARED if (theirs.get(k) or "").strip() != (mine.get(k) or "").strip()]
    dates = ("start_date", "end_date")
    if any((theirs.get(k) or "") != (mine.get(k) or "") for k in dates):
        found.append("dates")
    if _key_action_shape(theirs) != _key_action_shape(mine):
        found.append("key_actions")
    return found


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _activity_body(row: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": row["title"],
        "start_date": row["start_date"] or None,
        "end_date": row["end_date"] or None,
        "indicator": row["indicator"],
        "means_of_verification": row["means_of_verification"],
    }
    if row.get("reschedule_reason"):
        body["reschedule_reason"] = row["reschedule_reason"]
    return body | ({"activity_id": row["id"]} if row["id"] else {})


def save_body(values: dict[str, Any], message: str, justification: str) -> dict[str, Any]:
    """The body of ``PUT``/``POST .../roadmap``: the whole content and the version note."""
    body: dict[str, Any] = {
        "message": message or "Edición desde el sitio",
        "final_result": values["final_result"],
        "start_date": values["start_date"] or None,
        "end_date": values["end_date"] or None,
        "responsible_public_servant_id": values["responsible_public_servant_id"] or None,
        "responsible_cso_person_id": values["responsible_cso_person_id"] or None,
    }
    body |= {name: _lines(values[name]) for name in LIST_FIELDS}
    body["key_actions"] = [
        {
            "title": ka["title"],
            "weight": int(ka["weight"]),
            "responsible_institution": ka.get("responsible_institution") or "",
            "activities": [_activity_body(a) for a in ka["activities"]],
        }
        | ({"key_action_id": ka["id"]} if ka["id"] else {})
        for ka in values["key_actions"]
    ]
    if justification.strip():
        body["justification"] = justification.strip()
    return body
