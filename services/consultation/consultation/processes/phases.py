"""The six phases of the 2019 co-creation methodology, and how dates open and close them.

A phase is open from its first to its last day inclusive, counted in Mexico City time
whatever the server's zone. The status is computed on every read, so no job has to flip it
at midnight and a date the Committee changes takes effect at once.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

MEXICO_CITY = ZoneInfo("America/Mexico_City")

PhaseStatus = Literal["upcoming", "open", "closed"]


@dataclass(frozen=True)
class MethodologyPhase:
    key: str
    name_es: str
    days: int | None  # the methodology's duration; None: lasts until the plan ends


METHODOLOGY = (
    MethodologyPhase("consultation", "Consulta de temas", 21),
    MethodologyPhase("systematization", "Sistematización", 7),
    MethodologyPhase("cocreation_tables", "Mesas de cocreación", 28),
    MethodologyPhase("roadmaps", "Hojas de ruta", 21),
    MethodologyPhase("open_feedback", "Retroalimentación abierta", 14),
    MethodologyPhase("publication_tracking", "Publicación y seguimiento", None),
)
PHASE_KEYS = tuple(phase.key for phase in METHODOLOGY)
DEFAULT_NAMES = {phase.key: phase.name_es for phase in METHODOLOGY}


def mexico_city_today(now: datetime | None = None) -> date:
    """The calendar day in Mexico City at ``now`` (default: this instant)."""
    return (now or datetime.now(UTC)).astimezone(MEXICO_CITY).date()


def phase_status(starts_on: date, ends_on: date, today: date) -> PhaseStatus:
    if today < starts_on:
        return "upcoming"
    if today > ends_on:
        return "closed"
    return "open"
