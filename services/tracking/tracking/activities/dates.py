"""An activity's dates as the tablero reads them: the day in Mexico City, overdue marks
(always against the current end date, so a rescheduled activity is late only by its new
one) and the changes of dates each roadmap version made."""

from collections import defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from reference.statuses import OPEN
from tracking.activities.models import Activity, ActivityReschedule
from tracking.activities.schemas import RescheduleRead

MEXICO_CITY = ZoneInfo("America/Mexico_City")


def today_in_mexico() -> date:
    return datetime.now(MEXICO_CITY).date()


def is_overdue(activity: Activity, today: date) -> bool:
    """End date (the current one) passed and the activity is not complete."""
    return activity.status in OPEN and bool(activity.end_date) and activity.end_date < today


async def reschedules(
    session: AsyncSession, commitment_ids: list[str]
) -> dict[str, list[RescheduleRead]]:
    """Every change of dates per activity, oldest first."""
    if not commitment_ids:
        return {}
    rows = await session.exec(
        select(ActivityReschedule)
        .where(ActivityReschedule.commitment_id.in_(commitment_ids))
        .order_by(ActivityReschedule.roadmap_version)
    )
    by_activity: dict[str, list[RescheduleRead]] = defaultdict(list)
    for row in rows:
        change = RescheduleRead.model_validate(row, from_attributes=True)
        by_activity[row.activity_id].append(change)
    return by_activity


def dates_view(activity: Activity, changes: list[RescheduleRead], today: date) -> dict:
    """The fields the tablero and the API add to an activity."""
    return {
        "overdue": is_overdue(activity, today),
        "rescheduled": bool(changes),
        "reschedules": [c.model_dump(mode="json") for c in changes],
    }
