"""Compliance with the OGP minimums, computed from the data this service holds."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.consultation import ResponsesTallied
from contracts.roadmaps import MeetingRecorded
from kit import audit
from kit.db import insert_ignore
from kit.inbox import Event
from kit.tokens import Principal
from tracking.activities.models import TrackedRoadmap
from tracking.activities.service import utc
from tracking.commitments import versions
from tracking.commitments.models import PublicDataChange
from tracking.compliance import rules
from tracking.compliance.models import ComplianceInput, ContributionTally, Meeting

FORUM_KINDS = frozenset({"forum", "committee"})


async def record_meeting(session: AsyncSession, event: Event, data: MeetingRecorded) -> None:
    """``roadmaps.meeting.recorded.v1``: the columns tracking keeps (not the commitment's
    number nor the total, which it does not need)."""
    values = data.model_dump(
        include={
            "meeting_id",
            "plan_code",
            "commitment_id",
            "held_on",
            "kind",
            "attendees_by_sector",
            "with_civil_society",
            "minutes_url",
        }
    ) | {"received_at": datetime.now(UTC)}
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


async def record_tally(session: AsyncSession, event: Event, data: ResponsesTallied) -> None:
    """``consultation.responses.tallied.v1``: keep the newest tally per plan; one that
    arrives late changes nothing."""
    row = await session.get(ContributionTally, data.plan_code)
    if row is not None and utc(row.computed_at) >= data.computed_at:
        return
    row = row or ContributionTally(plan_code=data.plan_code)
    row.sqlmodel_update(
        {
            "process_id": data.process_id,
            "contributions": data.contributions,
            "answered": data.answered,
            "by_kind": {"topics": data.topics.model_dump(), "comments": data.comments.model_dump()},
            "computed_at": data.computed_at,
            "event_id": event.id,
        }
    )
    session.add(row)
    await session.flush()
    await versions.bump(session, data.plan_code)


async def save_inputs(
    session: AsyncSession, actor: Principal, plan_code: str, values: dict
) -> ComplianceInput:
    row = await session.get(ComplianceInput, plan_code)
    before = row.model_dump() if row else None
    if row is None:
        # Two first saves at once (schemathesis found the 500): the database keeps one
        # row, and each save then changes it under a row lock.
        await insert_ignore(
            session,
            ComplianceInput.__table__,
            {"plan_code": plan_code, "updated_at": datetime.now(UTC)},
            ["plan_code"],
        )
    row = await session.get(
        ComplianceInput, plan_code, with_for_update=True, populate_existing=True
    )
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


async def _evidence(session: AsyncSession, plan_code: str) -> dict[str, Any]:
    meetings = list(await session.exec(select(Meeting).where(Meeting.plan_code == plan_code)))
    changes = await session.exec(
        select(PublicDataChange.changed_on).where(PublicDataChange.plan_code == plan_code)
    )
    return {
        "forum": sorted((m for m in meetings if m.kind in FORUM_KINDS), key=lambda m: m.held_on),
        "with_cso": [
            m.held_on for m in meetings if m.with_civil_society and m.kind not in FORUM_KINDS
        ],
        "changed_on": sorted(changes),
        "tally": await session.get(ContributionTally, plan_code),
    }


def _forum_list(meetings: list[Meeting]) -> list[dict]:
    return [
        {"held_on": m.held_on.isoformat(), "kind": m.kind, "minutes_url": m.minutes_url}
        for m in meetings
    ]


def _tally_evidence(tally: ContributionTally | None) -> dict:
    if tally is None:
        return {}
    return {"by_kind": tally.by_kind, "tallied_at": utc(tally.computed_at).isoformat()}


async def compliance(session: AsyncSession, plan_code: str, today: date | None = None) -> dict:
    inputs = await session.get(ComplianceInput, plan_code)
    start, end = await _period(session, plan_code, inputs)
    as_of = min(today or date.today(), end) if end else (today or date.today())
    found = await _evidence(session, plan_code)
    tally = found["tally"]
    checks = [
        _check(
            "forum_every_six_months",
            "El foro multiactor sesiona al menos cada seis meses",
            rules.every_six_months([m.held_on for m in found["forum"]], start, as_of),
            "Sesiones del foro y del Comité (kind forum/committee, con minuta) recibidas en "
            "roadmaps.meeting.recorded.v1.",
            {
                "forum_rules_url": inputs.forum_rules_url if inputs else None,
                "sessions": _forum_list(found["forum"]),
            },
        ),
        _check(
            "implementation_meetings_with_cso",
            "Al menos dos reuniones de implementación con sociedad civil al año",
            rules.twice_a_year(found["with_cso"], start, end, as_of),
            "Reuniones con with_civil_society=true de roadmaps.meeting.recorded.v1.",
        ),
        _check(
            "repository_updated",
            "El repositorio se actualiza al menos dos veces al año",
            rules.twice_a_year(found["changed_on"], start, end, as_of),
            "Días en que cambiaron los datos públicos del plan (public_data_change: avances "
            "publicados, hojas de ruta, reuniones, evaluaciones).",
            {"changed_on": [d.isoformat() for d in found["changed_on"][-24:]]},
        ),
        _check(
            "reasoned_response",
            "Cada aportación recibe una respuesta razonada",
            rules.reasoned_responses(tally and tally.contributions, tally and tally.answered),
            "Conteo de la consulta (consultation.responses.tallied.v1): aportaciones y "
            "respuestas razonadas publicadas.",
            _tally_evidence(tally),
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
        "computed_at": datetime.now(UTC).isoformat(),
    }
