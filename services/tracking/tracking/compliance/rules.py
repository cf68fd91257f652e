"""The OGP minimums a platform can evidence, as pure functions over dates and counts.

Each check answers ``met``, ``at_risk``, ``not_met`` or ``no_data`` (nothing to judge from).
"""

from datetime import date, timedelta
from itertools import pairwise

SIX_MONTHS = timedelta(days=183)
WARNING = timedelta(days=150)
ORDER = {"met": 0, "no_data": 1, "at_risk": 2, "not_met": 3}


def worst(statuses: list[str]) -> str:
    return max(statuses, key=ORDER.__getitem__) if statuses else "no_data"


def every_six_months(held: list[date], start: date | None, as_of: date) -> tuple[str, dict]:
    """No gap longer than six months between the period's start, each meeting and today."""
    if start is None:
        return "no_data", {"meetings": len(held)}
    points = [start, *sorted(d for d in held if start <= d <= as_of)]
    closed = [(b - a).days for a, b in pairwise(points)]
    open_gap = as_of - points[-1]
    evidence = {
        "meetings": len(points) - 1,
        "longest_gap_days": max(closed, default=0),
        "days_since_last": open_gap.days,
        "last_meeting": points[-1].isoformat() if len(points) > 1 else None,
    }
    if any(gap > SIX_MONTHS.days for gap in closed) or open_gap > SIX_MONTHS:
        return "not_met", evidence
    return ("at_risk" if open_gap > WARNING else "met"), evidence


def twice_a_year(
    dates: list[date], start: date | None, end: date | None, as_of: date
) -> tuple[str, dict]:
    """At least two per calendar year of the period (one for a stretch under six months);
    the year under way is ``at_risk`` while it still lacks them."""
    if start is None:
        return "no_data", {"total": len(dates)}
    last = min(as_of, end) if end else as_of
    years, statuses = [], []
    for year in range(start.year, last.year + 1):
        first_day = max(start, date(year, 1, 1))
        last_day = min(last, date(year, 12, 31))
        span_complete = last_day == date(year, 12, 31) or (end is not None and last_day == end)
        year_end = min(end or date(year, 12, 31), date(year, 12, 31))
        required = 2 if year_end - first_day >= SIX_MONTHS else 1
        count = sum(1 for d in dates if first_day <= d <= last_day)
        status = "met" if count >= required else ("not_met" if span_complete else "at_risk")
        statuses.append(status)
        years.append({"year": year, "count": count, "required": required, "status": status})
    return worst(statuses), {"by_year": years, "total": len(dates)}


def reasoned_responses(total: int | None, answered: int | None) -> tuple[str, dict]:
    if total is None or answered is None:
        return "no_data", {}
    share = 1.0 if total == 0 else answered / total
    evidence = {"contributions": total, "answered": answered, "share": round(share, 4)}
    if share >= 1:
        return "met", evidence
    return ("at_risk" if share >= 0.8 else "not_met"), evidence


def timeline_first(published: date | None, cocreation: date | None) -> tuple[str, dict]:
    evidence = {
        "timeline_published_on": published.isoformat() if published else None,
        "cocreation_starts_on": cocreation.isoformat() if cocreation else None,
    }
    if published is None or cocreation is None:
        return "no_data", evidence
    return ("met" if published < cocreation else "not_met"), evidence
