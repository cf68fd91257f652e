"""The 4th plan's narrative, taken from the shipped data (``python -m tracking.documents.seed``).

Saves version 1 of the Committee's texts for the plan only if nobody has written any (a
second run, or a plan the Committee already edited, changes nothing). Every sentence comes
from ``data/pa4-mexico-2019-2022.json``; what the data does not hold stays empty, and the
documents say so.
"""

import asyncio
import json
from typing import Any

from kit.db import Database
from tracking.config import TrackingSettings, get_settings
from tracking.db import kit_tables
from tracking.demo import demo_data_path
from tracking.documents import narrative
from tracking.documents.schemas import CommitmentNarrative, NarrativeContent, ReportedFigure

SOURCE = "Autoevaluación del 4PA (Comité Coordinador, 2023)"
BY_SECTOR = {
    "cso": ("participants_cso", "people"),
    "apf": ("participants_government", "people"),
    "autonomous_bodies_inai": ("participants_inai", "people"),
    "academia": ("participants_academia", "people"),
    "local_government_manzanillo_colima": ("participants_local_government", "people"),
}
OUTPUTS = {
    "outputs_diagnostics": "diagnostics",
    "outputs_participation_spaces": "participation_spaces_created_or_strengthened",
    "outputs_policy_proposals": "policy_or_legal_proposals",
    "outputs_methodologies": "methodologies",
    "outputs_new_microsites": "new_microsites",
    "outputs_strengthened_platforms": "strengthened_platforms",
}


def _join(*parts: str | None) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _figures(data: dict[str, Any]) -> dict[str, ReportedFigure]:
    figures = data.get("implementation_figures") or {}
    people = figures.get("participants") or {}
    note = people.get("consistency_note") or ""
    found: dict[str, ReportedFigure] = {}

    def put(key: str, value: Any, extra: str = "") -> None:
        if isinstance(value, int):
            found[key] = ReportedFigure(value=value, source=SOURCE, note=_join(extra))

    put("participants_total", people.get("total"), note)
    put("participants_women", people.get("women"))
    put("participants_men", people.get("men"))
    for sector, (key, field) in BY_SECTOR.items():
        row = (people.get("by_sector") or {}).get(sector) or {}
        put(key, row.get(field), row.get("note") or "")
    by_sector = people.get("by_sector") or {}
    put("cso_organizations", (by_sector.get("cso") or {}).get("organizations"))
    put("government_institutions", (by_sector.get("apf") or {}).get("institutions"))
    outputs = figures.get("outputs_summary") or {}
    for key, field in OUTPUTS.items():
        put(key, outputs.get(field))
    counted = [m for m in figures.get("meetings") or [] if isinstance(m.get("count"), int)]
    if counted:
        put("meetings_multistakeholder", counted[0]["count"], counted[0].get("description", ""))
    return found


def _commitment(raw: dict[str, Any]) -> CommitmentNarrative:
    reasons = raw.get("limited_reasons") or (
        [raw["inactive_reason"]] if raw.get("inactive_reason") else []
    )
    steps = list(raw.get("next_steps") or [])
    if raw.get("follow_up_note"):
        steps.append(raw["follow_up_note"])
    return CommitmentNarrative(
        results=list(raw.get("key_results") or []), reasons=reasons, next_steps=steps
    )


def narrative_from(data: dict[str, Any]) -> NarrativeContent:
    plan = data["plan"]
    committee = ", ".join(f"{m['name']} ({m['code']})" for m in data["coordinating_committee"])
    notes = data.get("coordinating_committee_notes") or {}
    principles = ", ".join(plan.get("implementation_principles") or [])
    return NarrativeContent(
        introduction=_join(
            f"{plan['title']}, cocreado bajo el liderazgo del Comité Coordinador: {committee}.",
            plan.get("irm_process_finding"),
        ),
        context=_join(plan.get("leadership_changes_note"), plan.get("inactive_status_note")),
        forum=_join(notes.get("role_summary"), plan.get("tablero_rule")),
        methodology=_join(
            f"La implementación se condujo bajo los principios de {principles}."
            if principles
            else None,
            *(data.get("process_notes") or []),
        ),
        adjustments=_join(plan.get("covid_extension_reason"), plan.get("implementation_end_note")),
        commitments={c["number"]: _commitment(c) for c in data["commitments"]},
        reported_figures=_figures(data),
    )


async def load(settings: TrackingSettings) -> str:
    data = json.loads(demo_data_path().read_text(encoding="utf-8"))
    plan_code = data["plan"]["code"]
    db = Database(settings.database_url, info={"kit": kit_tables})
    try:
        async with db.transaction() as session:
            if (await narrative.current(session, plan_code)).version:
                return f"tracking: {plan_code}: los textos del Comité ya existen; sin cambios."
            await narrative.save(session, None, plan_code, 0, narrative_from(data))
    finally:
        await db.dispose()
    return f"tracking: {plan_code}: versión 1 de los textos del Comité, tomada de los datos."


if __name__ == "__main__":
    print(asyncio.run(load(get_settings())))
