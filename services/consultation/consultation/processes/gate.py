"""The phase gate: what a phase being open allows, checked against the day in Mexico City.

The one place that decides whether a phase is open and, when it is not, the one error
(``phase_closed``, with the phase, the day and the phase's dates when it has them) that
every path answers: the routes through :func:`require_phase`, the vote paths (the
one-statement vote and the multi-statement one) through :func:`check_open`.
"""

from datetime import date

from consultation.processes.errors import PhaseClosed
from consultation.processes.models import Process
from consultation.processes.phases import phase_status


def is_open(starts_on: date | None, ends_on: date | None, today: date) -> bool:
    """Whether a phase with these dates (None: the process has no such phase) is open."""
    if starts_on is None or ends_on is None:
        return False
    return phase_status(starts_on, ends_on, today) == "open"


def check_open(key: str, starts_on: date | None, ends_on: date | None, today: date) -> None:
    """Raise ``phase_closed`` unless the phase ``key`` with these dates is open today."""
    if is_open(starts_on, ends_on, today):
        return
    details = {"phase": key, "today": today.isoformat()}
    if starts_on is not None and ends_on is not None:
        details |= {"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()}
    raise PhaseClosed(details=details)


def _phase(process: Process, key: str):
    return next((p for p in process.phases if p.key == key), None)


def phase_open(process: Process, key: str, today: date) -> bool:
    phase = _phase(process, key)
    return phase is not None and is_open(phase.starts_on, phase.ends_on, today)


def require_phase(process: Process, key: str, today: date) -> None:
    phase = _phase(process, key)
    if phase is None:
        check_open(key, None, None, today)
    else:
        check_open(key, phase.starts_on, phase.ends_on, today)
