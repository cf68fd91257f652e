"""Compliance with the OGP minimums, computed from the data this service holds."""

from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.db import insert_ignore
from kit.inbox import Event
from kit.tokens import Principal
from tracking import versions
from tracking.compliance import rules
from tracking.compliance.models import ComplianceInput, Meeting
from tracking.roadmaps.models import TrackedRoadmap
from tracking.roadmaps.service import parse
from tracking.updates.models import ProgressUpdate

FORUM_KINDS = frozenset({"forum", "committee"})


class MeetingRecorded(BaseModel):
    """``roadmaps.meeting.recorded.v1`` (docs/EVENTS.md)."""

    model_config = ConfigDict(extra="ignore")

    meeting_id: str = Field(min_length=1, max_length=64)
    plan_code: str = Field(min_length=1, max_length=40)
    commitment_id: str | None = Field(default=None, max_length=64)
    held_on: date
    kind: str = Field(min_length=1, max_length=40)
    attendees_by_sector: dict[str, Any] = Field(default_factory=dict)
    with_civil_society: bool = False


async def record_meeting(session: AsyncSession, event: Event) -> None:
    data = parse(MeetingRecorded, event)
    values = data.model_dump() | {"received_at": datetime.now(UTC)}
    if await insert_ignore(session, Meeting.__table__, values, ["meeting_id"]):
        await versions.bump(session, data.plan_code)
        await audit.record(
            session,
            None,
            "meeting.recorded",
            "meeting",
            data.meeting_id,
            after=values,
            reason=f"evento {event.id} de {event.source}",
        )


async def save_inputs(
    session: AsyncSession, actor: Principal, plan_code: str, values: dict
) -> ComplianceInput:
    row = await session.get(ComplianceInput, plan_code)
    before = row.model_dump() if row else None
    row = row or ComplianceInput(plan_code=plan_code)
    row.sqlmodel_update(values | {"updated_by": actor.sub, "updated_at": datetime.now(UTC)})
    session.add(row)
    await session.flush()
    await versions.bump(session, plan_code)
    await audit.record(
        session,
        actor,
        "compliance_inputs.set",
        "compliance_input",
        plan_code,
        before=before,
        after=row.model_dump(),
    )
    return row


async def _period(session: AsyncSession, plan_code: str, inputs: ComplianceInput | None):
    start = inputs.period_starts_on if inputs else None
    end = inputs.period_ends_on if inputs else None
    if start is None or end is None:
        found = (
            await session.exec(
                select(
                    func.min(TrackedRoadmap.start_date), func.max(TrackedRoadmap.end_date)
                ).where(TrackedRoadmap.plan_code == plan_code)
            )
        ).one()
        start, end = start or found[0], end or found[1]
    return start, end


async def compliance(session: AsyncSession, plan_code: str, today: date | None = None) -> dict:
    inputs = await session.get(ComplianceInput, plan_code)
    start, end = await _period(session, plan_code, inputs)
    as_of = min(today or date.today(), end) if end else (today or date.today())
    meetings = list(await session.exec(select(Meeting).where(Meeting.plan_code == plan_code)))
    forum = [m.held_on for m in meetings if m.kind in FORUM_KINDS]
    with_cso = [m.held_on for m in meetings if m.with_civil_society and m.kind not in FORUM_KINDS]
    published = [
        at.date()
        for at in await session.exec(
            select(ProgressUpdate.published_at).where(
                ProgressUpdate.plan_code == plan_code, ProgressUpdate.state == "published"
            )
        )
    ]
    checks = [
        _check(
            "forum_every_six_months",
            "El foro multiactor sesiona al menos cada seis meses",
            rules.every_six_months(forum, start, as_of),
            "Reuniones de tipo forum/committee recibidas en roadmaps.meeting.recorded.v1.",
            {"forum_rules_url": inputs.forum_rules_url if inputs else None},
        ),
        _check(
            "implementation_meetings_with_cso",
            "Al menos dos reuniones de implementación con sociedad civil al año",
            rules.twice_a_year(with_cso, start, end, as_of),
            "Reuniones con with_civil_society=true de roadmaps.meeting.recorded.v1.",
        ),
        _check(
            "repository_updated",
            "El repositorio se actualiza al menos dos veces al año",
            rules.twice_a_year(published, start, end, as_of),
            "Actualizaciones de avance validadas y publicadas en este servicio.",
        ),
        _check(
            "reasoned_response",
            "Cada aportación recibe una respuesta razonada",
            rules.reasoned_responses(
                inputs and inputs.contributions_total, inputs and inputs.contributions_answered
            ),
            "Cifras capturadas por el Comité (PUT /plans/{plan_code}/compliance-inputs).",
        ),
        _check(
            "timeline_before_cocreation",
            "El calendario se publica antes de la cocreación",
            rules.timeline_first(
                inputs and inputs.timeline_published_on, inputs and inputs.cocreation_starts_on
            ),
            "Fechas capturadas por el Comité (PUT /plans/{plan_code}/compliance-inputs).",
        ),
    ]
    return {
        "plan_code": plan_code,
        "as_of": as_of.isoformat(),
        "period": {
            "starts_on": start and start.isoformat(),
            "ends_on": end and end.isoformat(),
            "computed_from": "compliance-inputs; si faltan, fechas de las hojas de ruta",
        },
        "checks": checks,
    }


def _check(key, title, result, computed_from, extra=None) -> dict:
    status, evidence = result
    return {
        "key": key,
        "title_es": title,
        "status": status,
        "evidence": evidence | (extra or {}),
        "computed_from": computed_from,
    }
