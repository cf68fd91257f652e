"""What the pages show, built from API documents: Spanish labels and es-MX dates.

The API's field names are read tolerantly (``name_es`` or ``name``, ``starts_on`` or
``start_date`` …) so a renamed field degrades one label instead of breaking the page.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from frontend.i18n import _, format_day

PhaseState = Literal["done", "current", "upcoming", "undated"]
PHASE_STATE_LABELS: dict[str, str] = {
    "done": "Concluida",
    "current": "En curso",
    "upcoming": "Próxima",
    "undated": "Sin fechas",
}
COMMITMENT_STATUS_LABELS: dict[str, str] = {
    "draft": "Borrador",
    "published": "Publicado",
    "active": "En implementación",
    "inactive": "Inactivo",
    "completed": "Concluido",
}


def parse_day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    except ValueError:
        return None


def _first(document: dict, *keys: str) -> Any:
    return next((document[k] for k in keys if document.get(k) not in (None, "")), None)


@dataclass(frozen=True)
class PhaseView:
    order: int
    name: str
    starts_on: date | None
    ends_on: date | None
    state: PhaseState

    @property
    def state_label(self) -> str:
        return _(PHASE_STATE_LABELS[self.state])

    @property
    def starts_label(self) -> str:
        return format_day(self.starts_on) if self.starts_on else ""

    @property
    def ends_label(self) -> str:
        return format_day(self.ends_on) if self.ends_on else ""


@dataclass(frozen=True)
class TimelineView:
    title: str
    plan_code: str | None
    starts_on: date | None
    ends_on: date | None
    phases: list[PhaseView]

    @property
    def has_current_phase(self) -> bool:
        return any(phase.state == "current" for phase in self.phases)

    @property
    def starts_label(self) -> str:
        return format_day(self.starts_on) if self.starts_on else ""

    @property
    def ends_label(self) -> str:
        return format_day(self.ends_on) if self.ends_on else ""


# The consultation service computes each phase's status (it knows about extensions);
# the dates are only the fallback when a document carries no status.
SERVICE_PHASE_STATUS: dict[str, PhaseState] = {
    "open": "current",
    "upcoming": "upcoming",
    "closed": "done",
}


def phase_state(starts_on: date | None, ends_on: date | None, today: date) -> PhaseState:
    if starts_on is None and ends_on is None:
        return "undated"
    if ends_on is not None and ends_on < today:
        return "done"
    if starts_on is not None and starts_on > today:
        return "upcoming"
    return "current"


def _phase_rows(process: dict) -> list[tuple[int, str, date | None, date | None, str | None]]:
    rows = []
    for index, raw in enumerate(p for p in process.get("phases") or [] if isinstance(p, dict)):
        order = _first(raw, "order", "position", "number")
        rows.append(
            (
                order if isinstance(order, int) else index + 1,
                str(_first(raw, "name_es", "name", "title", "key") or "Fase"),
                parse_day(_first(raw, "starts_on", "start_date", "starts_at", "opens_at")),
                parse_day(_first(raw, "ends_on", "end_date", "ends_at", "closes_at")),
                raw.get("status") if isinstance(raw.get("status"), str) else None,
            )
        )
    return sorted(rows, key=lambda row: row[0])


def build_timeline(process: dict, today: date) -> TimelineView:
    phases: list[PhaseView] = []
    for order, name, starts_on, ends_on, status in _phase_rows(process):
        # A phase with only a deadline starts when the one before it ends.
        previous_end = phases[-1].ends_on if phases else None
        inferred_start = starts_on or (previous_end + timedelta(days=1) if previous_end else None)
        state = SERVICE_PHASE_STATUS.get(status or "") or phase_state(
            inferred_start, ends_on, today
        )
        phases.append(PhaseView(order, name, starts_on, ends_on, state))
    title = _first(process, "title_es", "title", "name")
    plan_code = process.get("plan_code")
    return TimelineView(
        title=str(title or "Proceso de cocreación"),
        plan_code=plan_code if isinstance(plan_code, str) else None,
        starts_on=parse_day(process.get("starts_on")) or (phases[0].starts_on if phases else None),
        ends_on=parse_day(process.get("ends_on")) or (phases[-1].ends_on if phases else None),
        phases=phases,
    )


def build_timelines(processes: list[dict], today: date) -> list[TimelineView]:
    """Every process, the one under way first, then the newest."""
    timelines = [build_timeline(process, today) for process in processes]
    return sorted(
        timelines,
        key=lambda t: (not t.has_current_phase, -(t.starts_on or date.min).toordinal()),
    )


@dataclass(frozen=True)
class CommitmentView:
    id: str
    number: int | None
    title: str
    status_label: str
    institutions: str
    summary: str


def build_commitments(items: list[dict]) -> list[CommitmentView]:
    views = [
        CommitmentView(
            id=str(item.get("id") or ""),
            number=item.get("number") if isinstance(item.get("number"), int) else None,
            title=str(item.get("title") or "Compromiso sin título"),
            status_label=COMMITMENT_STATUS_LABELS.get(
                str(item.get("status")), str(item.get("status") or "")
            ),
            institutions=", ".join(str(i) for i in item.get("lead_institutions") or []),
            summary=str(item.get("summary") or ""),
        )
        for item in items
    ]
    views.sort(key=lambda view: (view.number is None, view.number or 0))
    return views
