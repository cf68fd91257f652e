"""The public tablero: a plan's summary and one commitment's detail, computed from tables."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from reference.ogp import SELF_ASSESSMENT
from reference.statuses import ACTIVITY_STATUS
from tracking.activities.dates import is_overdue, reschedules, today_in_mexico
from tracking.activities.models import Activity, KeyAction
from tracking.assessments.models import IrmAssessment, SelfAssessment
from tracking.assessments.service import latest_by_type
from tracking.commitments.models import TrackedCommitment
from tracking.progress.formula import (
    KeyActionStatuses,
    Progress,
    commitment_progress,
    plan_progress,
)
from tracking.updates.models import ProgressUpdate

NOT_ASSESSED = "sin_evaluar"


@dataclass(frozen=True)
class Filters:
    area: str | None = None
    institution: str | None = None
    status: str | None = None

    def key(self) -> tuple:
        """Filters that mean the same give the same key (institution: case and spaces)."""
        return (self.area or None, self.wanted_institution, self.status)

    @property
    def wanted_institution(self) -> str | None:
        return " ".join((self.institution or "").casefold().split()) or None

    @property
    def free_text(self) -> bool:
        return bool(self.key()[0] or self.key()[1])


def progress_json(progress: Progress) -> dict:
    return {
        "completed": progress.completed,
        "verified": progress.verified,
        "sin_datos": progress.no_data,
    }


async def structure(
    session: AsyncSession, commitment_ids: list[str]
) -> tuple[dict[str, list[KeyAction]], dict[str, list[Activity]]]:
    """Current key actions per commitment and current activities per key action."""
    if not commitment_ids:
        return {}, {}
    kas = await session.exec(
        select(KeyAction)
        .where(KeyAction.commitment_id.in_(commitment_ids), KeyAction.current.is_(True))
        .order_by(KeyAction.order, KeyAction.key_action_id)
    )
    acts = await session.exec(
        select(Activity)
        .where(Activity.commitment_id.in_(commitment_ids), Activity.current.is_(True))
        .order_by(Activity.order, Activity.activity_id)
    )
    by_commitment: dict[str, list[KeyAction]] = defaultdict(list)
    by_key_action: dict[str, list[Activity]] = defaultdict(list)
    for ka in kas:
        by_commitment[ka.commitment_id].append(ka)
    for act in acts:
        by_key_action[act.key_action_id].append(act)
    return by_commitment, by_key_action


def progress_of(key_actions: list[KeyAction], activities: dict[str, list[Activity]]) -> Progress:
    return commitment_progress(
        [
            KeyActionStatuses(ka.weight, [a.status for a in activities.get(ka.key_action_id, [])])
            for ka in key_actions
        ]
    )


def _matches(c: TrackedCommitment, status: str, filters: Filters) -> bool:
    if filters.area and filters.area not in (c.areas or []):
        return False
    if filters.status and filters.status != status:
        return False
    wanted = filters.wanted_institution
    if wanted:
        names = [*c.lead_institutions, *(c.supporting_institutions or [])]
        if not any(wanted in n.casefold() for n in names):
            return False
    return True


async def _last_published(session: AsyncSession, plan_code: str) -> dict[str, str]:
    rows = await session.exec(
        select(ProgressUpdate.commitment_id, ProgressUpdate.published_at).where(
            ProgressUpdate.plan_code == plan_code, ProgressUpdate.state == "published"
        )
    )
    last: dict[str, str] = {}
    for commitment_id, at in rows:
        stamp = at.isoformat()
        last[commitment_id] = max(last.get(commitment_id, ""), stamp)
    return last


def _irm_brief(rows: list[IrmAssessment]) -> dict:
    latest = latest_by_type(rows)
    design, results = latest.get("design"), latest.get("results")
    return {
        "design": design
        and {
            "verifiable": design.verifiable,
            "potential_impact": design.potential_impact,
            "relevance": list(design.relevance),
        },
        "results": results
        and {
            "completion": results.completion,
            "did_it_open_government": results.did_it_open_government,
        },
    }


def _commitment_item(
    c: TrackedCommitment,
    sa: SelfAssessment | None,
    acts: list[Activity],
    progress: Progress,
    last_update: str | None,
    irm_rows: list[IrmAssessment],
    rescheduled: set[str],
) -> dict:
    today = today_in_mexico()
    return {
        "id": c.commitment_id,
        "number": c.number,
        "slug": c.slug,
        "title": c.title,
        "areas": list(c.areas or []),
        "lead_institutions": list(c.lead_institutions),
        "cso_coresponsible": list(c.cso_coresponsible),
        "self_assessment": sa.status if sa else NOT_ASSESSED,
        "inactive": bool(sa and sa.status == "inactive"),
        "inactive_reason": sa.inactive_reason if sa else None,
        "progress": progress_json(progress),
        "activities": len(acts),
        "activity_status_counts": {
            s: sum(1 for a in acts if a.status == s) for s in ACTIVITY_STATUS
        },
        "overdue_activities": sum(1 for a in acts if is_overdue(a, today)),
        "rescheduled_activities": sum(1 for a in acts if a.activity_id in rescheduled),
        "last_validated_update_at": last_update,
        "irm": _irm_brief(irm_rows),
        "demo": c.demo,
    }


async def _plan_rows(session: AsyncSession, plan_code: str):
    commitments = list(
        await session.exec(
            select(TrackedCommitment)
            .where(TrackedCommitment.plan_code == plan_code)
            .order_by(TrackedCommitment.number, TrackedCommitment.commitment_id)
        )
    )
    assessed = {
        a.number: a
        for a in await session.exec(
            select(SelfAssessment).where(SelfAssessment.plan_code == plan_code)
        )
    }
    irm: dict[int, list[IrmAssessment]] = defaultdict(list)
    for row in await session.exec(
        select(IrmAssessment).where(IrmAssessment.plan_code == plan_code)
    ):
        irm[row.number].append(row)
    return commitments, assessed, irm


async def plan_dashboard(
    session: AsyncSession, plan_code: str, version: int, filters: Filters
) -> dict:
    commitments, assessed, irm = await _plan_rows(session, plan_code)
    chosen = [
        c
        for c in commitments
        if _matches(c, assessed[c.number].status if c.number in assessed else NOT_ASSESSED, filters)
    ]
    key_actions, activities = await structure(session, [c.commitment_id for c in chosen])
    last = await _last_published(session, plan_code)
    rescheduled = set(await reschedules(session, [c.commitment_id for c in chosen]))
    items, figures, all_acts = [], [], []
    for c in chosen:
        kas = key_actions.get(c.commitment_id, [])
        acts = [a for ka in kas for a in activities.get(ka.key_action_id, [])]
        progress = progress_of(kas, activities)
        figures.append(progress)
        all_acts += acts
        items.append(
            _commitment_item(
                c,
                assessed.get(c.number),
                acts,
                progress,
                last.get(c.commitment_id),
                irm.get(c.number, []),
                rescheduled,
            )
        )
    by_assessment = Counter({s: 0 for s in (*SELF_ASSESSMENT, NOT_ASSESSED)})
    by_assessment.update(i["self_assessment"] for i in items)
    overall = plan_progress(figures)
    return {
        "plan_code": plan_code,
        "version": version,
        "filters": {
            "area": filters.area,
            "institution": filters.institution,
            "status": filters.status,
        },
        "formula_url": "/progress/formula",
        "progress": progress_json(overall)
        | {
            "commitments_with_data": sum(1 for f in figures if not f.no_data),
            "commitments": len(items),
        },
        "activity_status_counts": {
            s: sum(1 for a in all_acts if a.status == s) for s in ACTIVITY_STATUS
        },
        "self_assessment_counts": dict(by_assessment),
        "commitments": items,
        "demo": any(i["demo"] for i in items),
    }
