"""The open-data tables' rows (their Table Schemas are in catalog.py)."""

from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.datapackage import join as _join
from tracking.activities.models import Activity, KeyAction
from tracking.assessments.models import Indicator, IrmAssessment, SelfAssessment
from tracking.commitments.models import TrackedCommitment
from tracking.dashboard.service import NOT_ASSESSED, progress_of, structure
from tracking.updates.models import ProgressUpdate, UpdateEvidence


async def commitments_rows(session: AsyncSession) -> list[dict[str, Any]]:
    commitments = list(
        await session.exec(
            select(TrackedCommitment).order_by(
                TrackedCommitment.plan_code, TrackedCommitment.number
            )
        )
    )
    assessed = {(a.plan_code, a.number): a for a in await session.exec(select(SelfAssessment))}
    kas, acts = await structure(session, [c.commitment_id for c in commitments])
    out = []
    for c in commitments:
        sa = assessed.get((c.plan_code, c.number))
        progress = progress_of(kas.get(c.commitment_id, []), acts)
        out.append(
            {
                "id": c.commitment_id,
                "plan_code": c.plan_code,
                "number": c.number,
                "slug": c.slug,
                "title": c.title,
                "lead_institutions": _join(c.lead_institutions),
                "cso_coresponsible": _join(c.cso_coresponsible),
                "areas": _join(c.areas),
                "self_assessment": sa.status if sa else NOT_ASSESSED,
                "inactive_reason": sa.inactive_reason if sa else None,
                "inactive_since": sa.inactive_since if sa else None,
                "progress_completed": progress.completed,
                "progress_verified": progress.verified,
                "sin_datos": progress.no_data,
            }
        )
    return out


async def key_actions_rows(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.exec(
        select(KeyAction).order_by(
            KeyAction.commitment_id, KeyAction.order, KeyAction.key_action_id
        )
    )
    return [
        {
            "id": k.key_action_id,
            "commitment_id": k.commitment_id,
            "order": k.order,
            "title": k.title,
            "weight": k.weight,
            "current": k.current,
        }
        for k in rows
    ]


async def activities_rows(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.exec(
        select(Activity).order_by(Activity.commitment_id, Activity.order, Activity.activity_id)
    )
    return [
        {
            "id": a.activity_id,
            "key_action_id": a.key_action_id,
            "commitment_id": a.commitment_id,
            "order": a.order,
            "title": a.title,
            "start_date": a.start_date,
            "end_date": a.end_date,
            "status": a.status,
            "status_changed_at": a.status_changed_at,
            "current": a.current,
        }
        for a in rows
    ]


async def updates_rows(session: AsyncSession) -> list[dict[str, Any]]:
    rows = list(
        await session.exec(
            select(ProgressUpdate)
            .where(ProgressUpdate.state == "published")
            .order_by(ProgressUpdate.published_at, ProgressUpdate.id)
        )
    )
    files = list(await session.exec(select(UpdateEvidence.update_id)))
    return [
        {
            "id": u.id,
            "commitment_id": u.commitment_id,
            "activity_id": u.activity_id,
            "revision": u.revision,
            "new_status": u.new_status,
            "narrative": u.narrative,
            "links": _join(u.links),
            "published_at": u.published_at,
            "evidence_files": files.count(u.id),
        }
        for u in rows
    ]


async def irm_rows(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.exec(
        select(IrmAssessment).order_by(
            IrmAssessment.plan_code,
            IrmAssessment.number,
            IrmAssessment.report_type,
            IrmAssessment.id,
        )
    )
    return [
        {
            "id": r.id,
            "plan_code": r.plan_code,
            "commitment_number": r.number,
            "report_type": r.report_type,
            "report_name": r.report_name,
            "assessed_on": r.assessed_on,
            "verifiable": r.verifiable,
            "relevance": _join(r.relevance),
            "potential_impact": r.potential_impact,
            "completion": r.completion,
            "did_it_open_government": r.did_it_open_government,
            "comment": r.comment,
        }
        for r in rows
    ]


async def indicators_rows(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.exec(
        select(Indicator).order_by(Indicator.plan_code, Indicator.number, Indicator.id)
    )
    return [
        {
            "id": i.id,
            "plan_code": i.plan_code,
            "commitment_number": i.number,
            "key": i.key,
            "name": i.name,
            "label": i.label,
            "baseline": i.baseline,
            "result": i.result,
            "target": i.target,
            "meets_target": i.meets_target,
        }
        for i in rows
    ]
