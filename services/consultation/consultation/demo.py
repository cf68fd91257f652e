"""Demo data of the consultation service: the 2019 process of Mexico's 4th plan and a
current process for the next plan.

``python -m consultation.demo`` reads its settings from the ``CONSULTATION_*`` variables
and expects the migrations to have run. Safe at every start: a plan that already has its
process is left alone, so a second run changes nothing and the next plan keeps the dates
of the day the loader first ran (its consultation opened a week before).
"""

import asyncio
import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from consultation import service
from consultation.config import ConsultationSettings, get_settings
from consultation.events import SUBSCRIPTIONS
from consultation.models import kit_tables
from consultation.phasegate import phase_open
from consultation.phases import METHODOLOGY, mexico_city_today
from consultation.schemas import PhaseCreate, ProcessCreate
from consultation.topics.demo import load_sample_topics
from kit.db import Database
from kit.outbox import EventRoutes
from kit.tokens import Principal

DEMO_ACTOR = Principal(sub="demo-loader", role="system")
# The data file calls the last phase "publication"; it also opens the public tracking.
DATA_KEYS = {"publication": "publication_tracking"}
NEXT_PLAN_CODE = "MX-5PA"
NEXT_PLAN_TITLE = "Quinto Plan de Acción de México"
PLAN_DAYS = 730  # publication and tracking last as long as a two-year plan


def demo_data_path() -> Path:
    """The 4th plan's data at the repository root, or ``COCREA_DEMO_DATA``."""
    override = os.environ.get("COCREA_DEMO_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "data" / "pa4-mexico-2019-2022.json"


def fourth_plan_process(data: dict[str, Any]) -> ProcessCreate:
    """The 2019 process with the dates of the data file; a phase given only a deadline
    starts the day after the previous one ends."""
    phases: list[PhaseCreate] = []
    for raw in sorted(data["process_phases"], key=lambda phase: phase["order"]):
        ends_on = date.fromisoformat(raw["ends_on"])
        if raw.get("starts_on"):
            starts_on = date.fromisoformat(raw["starts_on"])
        else:
            starts_on = phases[-1].ends_on + timedelta(days=1)
        key = DATA_KEYS.get(raw["key"], raw["key"])
        phases.append(
            PhaseCreate(key=key, name_es=raw["name_es"], starts_on=starts_on, ends_on=ends_on)
        )
    plan = data["plan"]
    return ProcessCreate(
        plan_code=plan["code"], title=plan["title"], level=plan["level"], phases=phases
    )


def next_plan_process(today: date) -> ProcessCreate:
    """Consultation opened a week ago; every phase follows the previous one with the
    methodology's duration."""
    phases: list[PhaseCreate] = []
    starts_on = today - timedelta(days=7)
    for step in METHODOLOGY:
        ends_on = starts_on + timedelta(days=(step.days or PLAN_DAYS) - 1)
        phases.append(PhaseCreate(key=step.key, starts_on=starts_on, ends_on=ends_on))
        starts_on = ends_on + timedelta(days=1)
    return ProcessCreate(
        plan_code=NEXT_PLAN_CODE, title=NEXT_PLAN_TITLE, level="federal", phases=phases
    )


async def load_demo(settings: ConsultationSettings) -> str:
    data = json.loads(demo_data_path().read_text(encoding="utf-8"))
    wanted = [fourth_plan_process(data), next_plan_process(mexico_city_today())]
    routes = EventRoutes(settings.event_destinations, SUBSCRIPTIONS)
    db = Database(settings.database_url, info={"kit": kit_tables, "event_routes": routes})
    created = topics = 0
    try:
        async with db.transaction() as session:
            for process in wanted:
                if await service.find_process(session, process.plan_code) is None:
                    await service.create_process(session, DEMO_ACTOR, process)
                    created += 1
            current = await service.find_process(session, NEXT_PLAN_CODE)
            today = mexico_city_today()
            if current is not None and phase_open(current, "consultation", today):
                topics = await load_sample_topics(session, DEMO_ACTOR, current, today)
    finally:
        await db.dispose()
    codes = ", ".join(process.plan_code for process in wanted)
    return (
        f"consultation: procesos {codes} ({created} creados en esta corrida); "
        f"{topics} temas de ejemplo en {NEXT_PLAN_CODE}"
    )


if __name__ == "__main__":
    print(asyncio.run(load_demo(get_settings())))
