"""Demo data of the tracking service: the 4th plan's self-assessment, IRM opinions and
indicators (``python -m tracking.demo [--wait SECONDS]``; expects the migrations to have
run; refuses production). With the demo accounts (``COCREA_DEMO_ACCOUNTS``) it also reports
MX-5PA's demonstration progress (``tracking.demo.cycle``) once its roadmaps have arrived.

Keyed by plan code and commitment number, so it does not matter whether the commitments'
events from roadmaps arrived before or after. A second run changes nothing.
"""

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.db import Database
from kit.demo import demo_people, refuse_in_production, run_loader
from kit.outbox import EventRoutes
from tracking.assessments.models import Indicator, IrmAssessment, SelfAssessment
from tracking.assessments.schemas import SelfAssessmentWrite
from tracking.assessments.service import check_inactive_rule
from tracking.commitments import versions
from tracking.config import TrackingSettings, get_settings
from tracking.db import kit_tables
from tracking.demo.cycle import PLAN_CODE, load_cycle
from tracking.events import SUBSCRIPTIONS


def demo_data_path() -> Path:
    override = os.environ.get("COCREA_DEMO_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[4] / "data" / "pa4-mexico-2019-2022.json"


def _month_or_day(text: str | None) -> date | None:
    """``2021-12`` (the source gives only the month) becomes the first of that month."""
    if not text:
        return None
    return date.fromisoformat(text if len(text) == 10 else f"{text}-01")


def self_assessments(plan_code: str, data: dict) -> list[SelfAssessment]:
    """The self-assessment per commitment, under the API's inactive rule (reason and date).
    Where the source gives no date for the CSOs' exit, the end of implementation is recorded
    as the date by which it was inactive at the latest, and a note says so."""
    plan_end = _month_or_day(data["plan"].get("implementation_end"))
    rows = []
    for c in data["commitments"]:
        inactive = c["self_assessment"] == "inactive"
        since = _month_or_day(c.get("cso_exit_date")) if inactive else None
        note = None
        if inactive and since is None:
            since = plan_end
            note = (
                "La fuente no da la fecha de salida de las OSC; se registra el fin de la "
                f"implementación ({plan_end.isoformat() if plan_end else 'sin fecha'}) como "
                "fecha a más tardar."
            )
        values = SelfAssessmentWrite(
            status=c["self_assessment"],
            inactive_reason=c.get("inactive_reason") if inactive else None,
            inactive_since=since,
            note=note,
        )
        check_inactive_rule(values)
        rows.append(
            SelfAssessment(
                plan_code=plan_code, number=c["number"], set_by="demo-loader", **values.model_dump()
            )
        )
    return rows


def irm_assessments(plan_code: str, data: dict) -> list[IrmAssessment]:
    reports = {r["name"]: r.get("published_on") for r in data["plan"].get("irm_reports", [])}
    results_name = next((n for n in reports if "Resultados" in n), "")
    rows = []
    for c in data["commitments"]:
        irm = c.get("irm") or {}
        if (
            irm.get("completion")
            or irm.get("did_it_open_government")
            or irm.get("early_results_note")
        ):
            rows.append(
                IrmAssessment(
                    id=f"demo-{plan_code}-{c['number']}-results",
                    plan_code=plan_code,
                    number=c["number"],
                    report_type="results",
                    report_name=results_name,
                    assessed_on=_month_or_day(reports.get(results_name)),
                    completion=irm.get("completion"),
                    did_it_open_government=irm.get("did_it_open_government"),
                    comment=" ".join(
                        filter(None, [irm.get("early_results_note"), irm.get("comment")])
                    )
                    or None,
                    recorded_by="demo-loader",
                )
            )
        design = irm.get("design")
        if design:
            rows.append(
                IrmAssessment(
                    id=f"demo-{plan_code}-{c['number']}-design",
                    plan_code=plan_code,
                    number=c["number"],
                    report_type="design",
                    report_name=design.get("report", ""),
                    assessed_on=_month_or_day(reports.get(design.get("report"))),
                    verifiable=design.get("verifiable"),
                    relevance=design.get("relevance") or [],
                    potential_impact=design.get("potential_impact"),
                    comment=design.get("note"),
                    recorded_by="demo-loader",
                )
            )
    return rows


def indicators(plan_code: str, data: dict) -> list[Indicator]:
    rows = []
    for ind in data.get("indicators", []):
        number = ind.get("commitment")
        if ind["key"] == "itrn":
            for v in ind["values"]:
                rows.append(
                    Indicator(
                        id=f"{plan_code}-{number}-itrn-{v['sector']}",
                        plan_code=plan_code,
                        number=number,
                        key="itrn",
                        name=ind["name"],
                        label=v["sector_es"],
                        scale=ind.get("scale"),
                        baseline=v.get("baseline"),
                        result=v.get("result"),
                        target=ind.get("target"),
                        meets_target=v.get("meets_target"),
                        source=ind.get("source"),
                    )
                )
        elif ind["key"] == "metrica_gobierno_abierto":
            first, last = ind["values"][0], ind["values"][-1]
            rows.append(
                Indicator(
                    id=f"{plan_code}-{number}-metrica",
                    plan_code=plan_code,
                    number=number,
                    key=ind["key"],
                    name=ind["name"],
                    label="nacional",
                    scale=ind.get("scale"),
                    baseline=first.get("value"),
                    result=last.get("value"),
                    source=ind.get("source"),
                )
            )
    return rows


async def _upsert(session: AsyncSession, rows: list[Any], key) -> int:
    created = 0
    for row in rows:
        existing = await session.get(type(row), key(row))
        if existing is None:
            session.add(row)
            created += 1
            await session.flush()
            await audit.record(
                session,
                None,
                "demo.loaded",
                row.__tablename__,
                ":".join(map(str, (key(row),) if isinstance(key(row), str) else key(row))),
                after=row.model_dump(),
            )
    return created


async def load_demo(settings: TrackingSettings) -> tuple[str, str | None]:
    """Load what is missing; returns the summary and what the cycle still waits for."""
    data = json.loads(demo_data_path().read_text(encoding="utf-8"))
    plan_code = data["plan"]["code"]
    routes = EventRoutes(settings.event_destinations, SUBSCRIPTIONS)
    db = Database(settings.database_url, info={"kit": kit_tables, "event_routes": routes})
    people, waiting = demo_people(), None
    try:
        async with db.transaction() as session:
            sa = await _upsert(
                session, self_assessments(plan_code, data), lambda r: (r.plan_code, r.number)
            )
            irm = await _upsert(session, irm_assessments(plan_code, data), lambda r: r.id)
            ind = await _upsert(session, indicators(plan_code, data), lambda r: r.id)
            if sa or irm or ind:
                await versions.bump(session, plan_code)
            if people is not None:
                waiting = await load_cycle(session, people)
    finally:
        await db.dispose()
    cycle = "sin cuentas de demostración" if people is None else "en espera" if waiting else "listo"
    summary = (
        f"tracking: {plan_code}: {sa} autoevaluaciones, {irm} valoraciones del IRM y {ind} "
        "indicadores nuevos; los compromisos y hojas de ruta llegan como eventos de roadmaps; "
        f"ciclo de demostración de {PLAN_CODE}: {cycle}"
    )
    return summary, waiting


def main(argv: list[str]) -> int:
    settings = get_settings()
    refuse_in_production(settings.environment, "tracking.demo")
    return run_loader(lambda: load_demo(settings), argv)
