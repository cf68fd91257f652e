"""Demo data of the roadmaps service: the 13 commitments of Mexico's 4th plan, published.

``python -m roadmaps.demo [--wait SECONDS]`` reads its settings from the ``ROADMAPS_*``
variables and expects the migrations to have run; it refuses production. With the demo
accounts (``COCREA_DEMO_ACCOUNTS``) it also builds MX-5PA's demonstration cycle
(``roadmaps.demo.cycle``) once the promoted themes have arrived (``--wait`` polls for
them). Safe at every start: a commitment already there is left alone and only drafts get
published, so a second run changes nothing. Everything goes through the
service layer, so the audit log records it and one ``roadmaps.commitment.published.v1``
event per commitment waits in the outbox until the service's relay delivers it.
"""

import json
import os
from pathlib import Path
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.db import Database
from kit.demo import demo_people, refuse_in_production, run_loader
from kit.outbox import EventRoutes
from kit.tokens import Principal
from roadmaps.commitments import service
from roadmaps.commitments.models import Commitment
from roadmaps.commitments.schemas import CommitmentCreate
from roadmaps.config import RoadmapsSettings, get_settings
from roadmaps.db import kit_tables
from roadmaps.demo.cycle import PLAN_CODE, load_cycle
from roadmaps.events import SUBSCRIPTIONS

DEMO_ACTOR = Principal(sub="demo-loader", role="system")


def demo_data_path() -> Path:
    """The 4th plan's data at the repository root, or ``COCREA_DEMO_DATA``."""
    override = os.environ.get("COCREA_DEMO_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[4] / "data" / "pa4-mexico-2019-2022.json"


def _ogp_values(raw: dict[str, Any]) -> dict[str, str]:
    """Relevance to OGP values only where an IRM design report assessed it."""
    design = (raw.get("irm") or {}).get("design") or {}
    report = design.get("report") or "Informe de diseño"
    return {
        value: f"Relevante según el IRM («{report}»)." for value in design.get("relevance") or []
    }


def commitment_create(plan_code: str, raw: dict[str, Any]) -> CommitmentCreate:
    # The data names lead institutions only where the plan made roles explicit. It tags no
    # commitment with Open Gov Challenge areas, so the demo leaves ``areas`` empty.
    institutions = raw.get("lead_institutions") or raw.get("participating_institutions") or []
    return CommitmentCreate(
        plan_code=plan_code,
        number=raw["number"],
        slug=raw["slug"],
        title=raw["title"],
        problem=raw.get("problem") or "",
        summary=raw.get("summary") or "",
        ogp_values=_ogp_values(raw),
        sdg_targets=raw.get("sdg_targets") or [],
        lead_institutions=institutions,
        supporting_institutions=raw.get("supporting_institutions") or [],
        cso_coresponsible=raw.get("cso_coresponsible") or [],
        cso_accompanying=raw.get("cso_accompanying") or [],
    )


async def _find(session: AsyncSession, plan_code: str, number: int) -> Commitment | None:
    query = select(Commitment).where(Commitment.plan_code == plan_code, Commitment.number == number)
    return (await session.exec(query)).first()


async def _load(session: AsyncSession, wanted: list[CommitmentCreate]) -> tuple[int, int]:
    created = published = 0
    for data in wanted:
        commitment = await _find(session, data.plan_code, data.number)
        if commitment is None:
            commitment = await service.create_commitment(session, DEMO_ACTOR, data)
            created += 1
        if commitment.status != "published":
            await service.publish_commitment(session, DEMO_ACTOR, commitment.id)
            published += 1
    return created, published


async def load_demo(settings: RoadmapsSettings) -> tuple[str, str | None]:
    """Load what is missing; returns the summary and what the cycle still waits for."""
    data = json.loads(demo_data_path().read_text(encoding="utf-8"))
    plan_code = data["plan"]["code"]
    wanted = [commitment_create(plan_code, raw) for raw in data["commitments"]]
    routes = EventRoutes(settings.event_destinations, SUBSCRIPTIONS)
    db = Database(settings.database_url, info={"kit": kit_tables, "event_routes": routes})
    people, waiting = demo_people(), None
    try:
        async with db.transaction() as session:
            created, published = await _load(session, wanted)
            if people is not None:
                waiting = await load_cycle(session, people)
    finally:
        await db.dispose()
    cycle = "sin cuentas de demostración" if people is None else "en espera" if waiting else "listo"
    summary = (
        f"roadmaps: {len(wanted)} compromisos de {plan_code} "
        f"({created} creados y {published} publicados en esta corrida); "
        f"ciclo de demostración de {PLAN_CODE}: {cycle}"
    )
    return summary, waiting


def main(argv: list[str]) -> int:
    settings = get_settings()
    refuse_in_production(settings.environment, "roadmaps.demo")
    return run_loader(lambda: load_demo(settings), argv)
