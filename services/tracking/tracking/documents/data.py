"""The data of a plan's two documents, computed from this service's tables.

Nothing here is typed in twice: figures are counted from rows (meetings, activities,
assessments, working groups); what people write comes from the versioned narrative, and
figures the Committee reports from outside the platform stay apart, with their source.
"""

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any, get_args

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from reference.ogp import SELF_ASSESSMENT, Completion, DidItOpenGovernment
from reference.sectors import MEETING_SECTORS
from reference.statuses import ACTIVITY_STATUS, DONE, OPEN
from tracking.activities.dates import today_in_mexico
from tracking.activities.models import WorkingGroupMember
from tracking.commitments import versions
from tracking.commitments.models import TrackedCommitment
from tracking.compliance.models import ComplianceInput, ContributionTally, Meeting
from tracking.compliance.service import FORUM_KINDS
from tracking.dashboard.detail import commitment_detail
from tracking.dashboard.service import NOT_ASSESSED, Filters, plan_dashboard
from tracking.documents import narrative
from tracking.documents.schemas import REPORTED_FIGURES


def _is_overdue(activity: dict, today: date) -> bool:
    end = activity.get("end_date")
    return activity["status"] in OPEN and bool(end) and date.fromisoformat(end) < today


async def _commitments(session: AsyncSession, plan_code: str) -> list[dict[str, Any]]:
    """Each commitment as the tablero details it; an activity whose end date passed (in
    Mexico City) without being complete is marked ``overdue``."""
    today = today_in_mexico()
    rows = await session.exec(
        select(TrackedCommitment)
        .where(TrackedCommitment.plan_code == plan_code)
        .order_by(TrackedCommitment.number, TrackedCommitment.commitment_id)
    )
    details = [await commitment_detail(session, c) for c in rows]
    for detail in details:
        for ka in detail["key_actions"]:
            for activity in ka["activities"]:
                activity["overdue"] = _is_overdue(activity, today)
    return details


async def _built_from(session: AsyncSession, plan_code: str, story_version: int) -> dict:
    return {
        "data_version": await versions.current(session, plan_code),
        "narrative_version": story_version,
        "built_at": datetime.now(UTC).isoformat(),
    }


async def _compliance_inputs(session: AsyncSession, plan_code: str) -> dict[str, Any]:
    row = await session.get(ComplianceInput, plan_code)
    tally = await session.get(ContributionTally, plan_code)
    fields = ("period_starts_on", "period_ends_on", "timeline_published_on", "forum_rules_url")
    return {
        **{f: (getattr(row, f) if row else None) for f in fields},
        "cocreation_starts_on": row.cocreation_starts_on if row else None,
        "contributions": tally.contributions if tally else None,
        "contributions_answered": tally.answered if tally else None,
    }


def _with_roadmap_versions(commitments: list[dict]) -> dict[str, int | None]:
    return {str(c["number"]): (c["roadmap"] or {}).get("version") for c in commitments}


async def action_plan(session: AsyncSession, plan_code: str) -> dict[str, Any]:
    """The action plan: forum, participation, every commitment with its roadmap."""
    story = await narrative.current(session, plan_code)
    commitments = await _commitments(session, plan_code)
    meetings = await _meetings(session, plan_code)
    built = await _built_from(session, plan_code, story.version)
    return {
        "plan_code": plan_code,
        "built_from": built | {"roadmap_versions": _with_roadmap_versions(commitments)},
        "narrative": story.content.model_dump(mode="json"),
        "reported_figure_labels": REPORTED_FIGURES,
        "process": await _compliance_inputs(session, plan_code),
        "forum_sessions": [
            {"held_on": m.held_on.isoformat(), "kind": m.kind, "minutes_url": m.minutes_url}
            for m in sorted(meetings, key=lambda m: m.held_on)
            if m.kind in FORUM_KINDS
        ],
        "participation": await _participation(session, plan_code, meetings),
        "commitments": commitments,
    }


async def _meetings(session: AsyncSession, plan_code: str) -> list[Meeting]:
    return list(await session.exec(select(Meeting).where(Meeting.plan_code == plan_code)))


def _attendance(meetings: list[Meeting]) -> dict[str, Any]:
    """Attendance summed over meetings: person-meetings, not different people."""
    by_sector = {s: 0 for s in MEETING_SECTORS}
    gender = Counter({"women": 0, "men": 0, "other": 0})
    for m in meetings:
        for sector, counts in (m.attendees_by_sector or {}).items():
            total = int(counts.get("total", 0))
            by_sector[sector if sector in by_sector else "other"] += total
            gender.update({k: int(counts.get(k, 0)) for k in ("women", "men", "other")})
    return {"total": sum(by_sector.values()), "by_sector": by_sector, **dict(gender)}


async def _participation(
    session: AsyncSession, plan_code: str, meetings: list[Meeting]
) -> dict[str, Any]:
    ids = select(TrackedCommitment.commitment_id).where(TrackedCommitment.plan_code == plan_code)
    members = list(
        await session.exec(
            select(WorkingGroupMember).where(
                WorkingGroupMember.commitment_id.in_(ids), WorkingGroupMember.active.is_(True)
            )
        )
    )
    people: dict[str, str] = {m.account_id: m.sector for m in members}
    organizations = {(m.sector, m.organization) for m in members if m.organization}
    years = Counter(m.held_on.year for m in meetings)
    return {
        "working_group_people": len(people),
        "working_group_people_by_sector": dict(Counter(people.values())),
        "organizations_by_sector": dict(Counter(s for s, _ in organizations)),
        "meetings": len(meetings),
        "working_group_meetings": sum(1 for m in meetings if m.kind == "working_group"),
        "forum_meetings": sum(1 for m in meetings if m.kind in FORUM_KINDS),
        "meetings_with_civil_society": sum(1 for m in meetings if m.with_civil_society),
        "meetings_by_year": {str(y): n for y, n in sorted(years.items())},
        "attendance": _attendance(meetings),
    }


def _activities(commitments: list[dict], today: date) -> dict[str, Any]:
    acts = [a for c in commitments for ka in c["key_actions"] for a in ka["activities"]]
    overdue = [a for a in acts if _is_overdue(a, today)]
    return {
        "total": len(acts),
        "by_status": {s: sum(1 for a in acts if a["status"] == s) for s in ACTIVITY_STATUS},
        "completed": sum(1 for a in acts if a["status"] in DONE),
        "verified": sum(1 for a in acts if a["status"] == "verificado"),
        "overdue": len(overdue),
    }


def _irm_counts(commitments: list[dict], field: str, scale: tuple[str, ...]) -> dict[str, int]:
    counts = Counter({s: 0 for s in scale})
    for c in commitments:
        results = c["irm"]["latest"].get("results") or {}
        if results.get(field):
            counts[results[field]] += 1
    counts["sin_dato"] = len(commitments) - sum(counts[s] for s in scale)
    return dict(counts)


def _status_counts(commitments: list[dict]) -> dict[str, int]:
    counts = Counter({s: 0 for s in (*SELF_ASSESSMENT, NOT_ASSESSED)})
    counts.update((c["self_assessment"] or {}).get("status", NOT_ASSESSED) for c in commitments)
    return dict(counts)


async def self_assessment(
    session: AsyncSession, plan_code: str, today: date | None = None
) -> dict[str, Any]:
    """The end-of-term report: plan totals from data, and each commitment's outcome."""
    today = today or today_in_mexico()
    story = await narrative.current(session, plan_code)
    commitments = await _commitments(session, plan_code)
    meetings = await _meetings(session, plan_code)
    version = await versions.current(session, plan_code)
    board = await plan_dashboard(session, plan_code, version, Filters())
    return {
        "plan_code": plan_code,
        "built_from": await _built_from(session, plan_code, story.version),
        "narrative": story.content.model_dump(mode="json"),
        "reported_figure_labels": REPORTED_FIGURES,
        "totals": {
            "commitments": len(commitments),
            "self_assessment": _status_counts(commitments),
            "irm_completion": _irm_counts(commitments, "completion", get_args(Completion)),
            "irm_did_it_open_government": _irm_counts(
                commitments, "did_it_open_government", get_args(DidItOpenGovernment)
            ),
            "activities": _activities(commitments, today),
            "progress": board["progress"],
            "participation": await _participation(session, plan_code, meetings),
        },
        "commitments": commitments,
    }
