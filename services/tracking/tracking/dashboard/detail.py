"""One commitment as the tablero shows it: roadmap, activities, progress, validated
timeline with evidence, self-assessment, IRM and indicators."""

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.roadmaps import ROADMAP_AMENDED
from tracking.activities.dates import dates_view, reschedules, today_in_mexico
from tracking.activities.models import Activity, RoadmapVersion, TrackedRoadmap, WorkingGroupMember
from tracking.assessments import service as assessments
from tracking.assessments.schemas import IndicatorRead, IrmAssessmentRead
from tracking.commitments.models import TrackedCommitment
from tracking.commitments.schemas import CommitmentRead
from tracking.dashboard.service import progress_json, progress_of, structure
from tracking.updates import service as updates
from tracking.updates.schemas import EvidenceRead


async def _timeline(session: AsyncSession, commitment_id: str, titles: dict[str, str]) -> list:
    published = await updates.published_updates(session, commitment_id)
    evidence = await updates.evidence_of(session, [u.id for u in published])
    return [
        {
            "id": u.id,
            "activity_id": u.activity_id,
            "activity_title": titles.get(u.activity_id),
            "new_status": u.new_status,
            "narrative": u.narrative,
            "links": list(u.links),
            "published_at": u.published_at.isoformat(),
            "evidence": [EvidenceRead.of(e).model_dump() for e in evidence if e.update_id == u.id],
        }
        for u in published
    ]


async def timeline_entries(session: AsyncSession, commitment_id: str) -> list[dict]:
    """Validated updates, newest first, with the titles of their activities."""
    rows = await session.exec(
        select(Activity.activity_id, Activity.title).where(Activity.commitment_id == commitment_id)
    )
    return await _timeline(session, commitment_id, dict(rows.all()))


async def _roadmap(session: AsyncSession, commitment_id: str) -> dict | None:
    roadmap = await session.get(TrackedRoadmap, commitment_id)
    if roadmap is None:
        return None
    history = await session.exec(
        select(RoadmapVersion.version, RoadmapVersion.topic, RoadmapVersion.justification)
        .where(RoadmapVersion.commitment_id == commitment_id)
        .order_by(RoadmapVersion.version)
    )
    return roadmap.model_dump(mode="json", exclude={"commitment_id", "plan_code", "updated_at"}) | {
        "versions": [
            {
                "version": v,
                "kind": "amended" if t == ROADMAP_AMENDED else "published",
                "justification": j,
                "url": f"/commitments/{commitment_id}/roadmap/versions/{v}",
            }
            for v, t, j in history
        ]
    }


async def _working_group(session: AsyncSession, commitment_id: str) -> list[dict]:
    rows = await session.exec(
        select(WorkingGroupMember)
        .where(
            WorkingGroupMember.commitment_id == commitment_id, WorkingGroupMember.active.is_(True)
        )
        .order_by(WorkingGroupMember.sector, WorkingGroupMember.name)
    )
    return [
        {
            "name": m.name,
            "sector": m.sector,
            "group_role": m.group_role,
            "organization": m.organization,
        }
        for m in rows
    ]


async def commitment_detail(session: AsyncSession, commitment: TrackedCommitment) -> dict:
    by_commitment, activities = await structure(session, [commitment.commitment_id])
    changes = await reschedules(session, [commitment.commitment_id])
    today = today_in_mexico()
    kas = by_commitment.get(commitment.commitment_id, [])
    sa = await assessments.self_assessment(session, commitment)
    irm = await assessments.irm_assessments(session, commitment.plan_code, commitment.number)
    latest = assessments.latest_by_type(irm)
    indicators = await assessments.indicators(session, commitment.plan_code, commitment.number)
    return CommitmentRead.of(commitment).model_dump(mode="json") | {
        "areas": list(commitment.areas or []),
        "supporting_institutions": list(commitment.supporting_institutions or []),
        "cso_accompanying": list(commitment.cso_accompanying or []),
        "self_assessment": sa.model_dump(
            mode="json", include={"status", "inactive_reason", "inactive_since", "note", "set_at"}
        )
        if sa
        else None,
        "inactive": bool(sa and sa.status == "inactive"),
        "progress": progress_json(progress_of(kas, activities)),
        "roadmap": await _roadmap(session, commitment.commitment_id),
        "working_group": await _working_group(session, commitment.commitment_id),
        "key_actions": [
            {
                "id": ka.key_action_id,
                "order": ka.order,
                "title": ka.title,
                "weight": ka.weight,
                "responsible_institution": ka.responsible_institution,
                "activities": [
                    a.model_dump(
                        mode="json",
                        exclude={"activity_id", "key_action_id", "commitment_id", "current"},
                    )
                    | {"id": a.activity_id}
                    | dates_view(a, changes.get(a.activity_id, []), today)
                    for a in activities.get(ka.key_action_id, [])
                ],
            }
            for ka in kas
        ],
        "timeline": await timeline_entries(session, commitment.commitment_id),
        "irm": {
            "latest": {k: _irm(v) for k, v in latest.items()},
            "all": [_irm(r) for r in irm],
        },
        "indicators": [
            IndicatorRead.model_validate(i, from_attributes=True).model_dump() for i in indicators
        ],
    }


def _irm(row) -> dict:
    return IrmAssessmentRead.model_validate(row, from_attributes=True).model_dump(mode="json")
