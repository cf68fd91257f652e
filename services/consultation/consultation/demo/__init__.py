"""Demo data of the consultation service: the 2019 process of Mexico's 4th plan and a
current process for the next plan.

``python -m consultation.demo [--wait SECONDS]`` reads its settings from the
``CONSULTATION_*`` variables and expects the migrations to have run; it refuses production.
Safe at every start: a plan that already has its process is left alone, so a second run
changes nothing and the next plan keeps the dates of the day the loader first ran (its
consultation opened a week before). MX-5PA is a demonstration process (``demo``): with the
demo accounts (``COCREA_DEMO_ACCOUNTS``) it gets a whole demonstration cycle, whose
comments wait for the draft plan that roadmaps announces (``--wait`` keeps polling).
"""

import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.commitment_comments.demo import load_progress_comments
from consultation.config import ConsultationSettings, get_settings
from consultation.db import kit_tables
from consultation.events import SUBSCRIPTIONS
from consultation.feedback.demo import load_comments
from consultation.processes import service
from consultation.processes.gate import phase_open
from consultation.processes.models import Process
from consultation.processes.phases import METHODOLOGY, mexico_city_today
from consultation.processes.schemas import PhaseCreate, ProcessCreate
from consultation.systematization.demo import load_cycle
from consultation.topics.demo import load_sample_topics
from kit import audit
from kit.db import Database
from kit.demo import demo_people, refuse_in_production, run_loader
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
    return Path(__file__).resolve().parents[4] / "data" / "pa4-mexico-2019-2022.json"


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


async def _mark_demo(session: AsyncSession, process: Process) -> None:
    """A next-plan process loaded before demo flags existed becomes what it is: a demo."""
    if not process.demo:
        process.demo = True
        session.add(process)
        await session.flush()
        await audit.record(session, DEMO_ACTOR, "process.marked_demo", "process", process.id)


async def _cycle(session: AsyncSession, current: Process, today: date) -> tuple[str, str | None]:
    """The demonstration cycle: themes now; comments once the draft plan has arrived, and
    comments on progress once a commitment is published."""
    people = demo_people()
    if people is None:
        return "sin cuentas de demostración (COCREA_DEMO_ACCOUNTS): sin ciclo", None
    committee = people["committee"].principal()
    themes = await load_cycle(session, committee, current, people, today)
    comments = await load_comments(session, committee, current, people)
    progress = await load_progress_comments(session, committee, current, people)
    done = f"{themes} temas y {comments or 0} comentarios al borrador nuevos"
    done += f"; {progress or 0} comentarios sobre el avance nuevos"
    if comments is None:
        return done, "el borrador del plan (roadmaps.draft_plan.published.v1)"
    if progress is None:
        return done, "un compromiso publicado (roadmaps.commitment.published.v1)"
    return done, None


async def load_demo(settings: ConsultationSettings) -> tuple[str, str | None]:
    """Load what is missing; returns the summary and what the cycle still waits for."""
    data = json.loads(demo_data_path().read_text(encoding="utf-8"))
    wanted = [fourth_plan_process(data), next_plan_process(mexico_city_today())]
    routes = EventRoutes(settings.event_destinations, SUBSCRIPTIONS)
    db = Database(settings.database_url, info={"kit": kit_tables, "event_routes": routes})
    created = topics = 0
    cycle, waiting = "sin ciclo de demostración", None
    try:
        async with db.transaction() as session:
            for process in wanted:
                if await service.find_process(session, process.plan_code) is None:
                    demo = process.plan_code == NEXT_PLAN_CODE
                    await service.create_process(session, DEMO_ACTOR, process, demo=demo)
                    created += 1
            current = await service.find_process(session, NEXT_PLAN_CODE)
            today = mexico_city_today()
            if current is not None:
                await _mark_demo(session, current)
                if phase_open(current, "consultation", today):
                    topics = await load_sample_topics(session, DEMO_ACTOR, current, today)
                cycle, waiting = await _cycle(session, current, today)
    finally:
        await db.dispose()
    codes = ", ".join(process.plan_code for process in wanted)
    summary = (
        f"consultation: procesos {codes} ({created} creados en esta corrida); "
        f"{topics} temas de ejemplo en {NEXT_PLAN_CODE}; ciclo de demostración: {cycle}"
    )
    return summary, waiting


def main(argv: list[str]) -> int:
    settings = get_settings()
    refuse_in_production(settings.environment, "consultation.demo")
    return run_loader(lambda: load_demo(settings), argv)
