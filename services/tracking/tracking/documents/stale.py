"""Which commitments look stale: overdue activities (end date passed, not complete) or no
validated progress update for too long. Computed at each request, never cached: the date
alone makes an activity overdue, without any change to the data."""

from datetime import UTC, date, datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from tracking.activities.dates import MEXICO_CITY, is_overdue, today_in_mexico
from tracking.assessments.models import SelfAssessment
from tracking.commitments.models import TrackedCommitment
from tracking.dashboard.service import structure
from tracking.updates.models import ProgressUpdate


async def _last_validated(session: AsyncSession, plan_code: str) -> dict[str, datetime]:
    rows = await session.exec(
        select(ProgressUpdate.commitment_id, ProgressUpdate.published_at).where(
            ProgressUpdate.plan_code == plan_code, ProgressUpdate.state == "published"
        )
    )
    last: dict[str, datetime] = {}
    for commitment_id, at in rows:
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        if commitment_id not in last or at > last[commitment_id]:
            last[commitment_id] = at
    return last


async def stale_commitments(
    session: AsyncSession, plan_code: str, stale_after_days: int, today: date | None = None
) -> dict:
    today = today or today_in_mexico()
    commitments = list(
        await session.exec(
            select(TrackedCommitment)
            .where(TrackedCommitment.plan_code == plan_code)
            .order_by(TrackedCommitment.number)
        )
    )
    inactive = {
        a.number
        for a in await session.exec(
            select(SelfAssessment).where(
                SelfAssessment.plan_code == plan_code, SelfAssessment.status == "inactive"
            )
        )
    }
    key_actions, activities = await structure(session, [c.commitment_id for c in commitments])
    last = await _last_validated(session, plan_code)
    items = []
    for c in commitments:
        acts = [
            a for ka in key_actions.get(c.commitment_id, []) for a in activities[ka.key_action_id]
        ]
        overdue = [
            {
                "id": a.activity_id,
                "title": a.title,
                "end_date": a.end_date.isoformat(),
                "status": a.status,
            }
            for a in acts
            if is_overdue(a, today)
        ]
        at = last.get(c.commitment_id)
        days = (today - at.astimezone(MEXICO_CITY).date()).days if at else None
        quiet = days is None or days > stale_after_days
        items.append(
            {
                "id": c.commitment_id,
                "number": c.number,
                "title": c.title,
                "inactive": c.number in inactive,
                "overdue_activities": overdue,
                "last_validated_update_at": at.isoformat() if at else None,
                "days_since_validated_update": days,
                "stale": c.number not in inactive and bool(overdue or quiet),
            }
        )
    return {
        "plan_code": plan_code,
        "as_of": today.isoformat(),
        "stale_after_days": stale_after_days,
        "stale": sum(1 for i in items if i["stale"]),
        "commitments": items,
    }
