"""What a phase being open allows: checked against the day in Mexico City."""

from datetime import date

from consultation.models import Process
from consultation.phases import phase_status
from consultation.topics.errors import PhaseClosed


def phase_open(process: Process, key: str, today: date) -> bool:
    return any(
        p.key == key and phase_status(p.starts_on, p.ends_on, today) == "open"
        for p in process.phases
    )


def require_phase(process: Process, key: str, today: date) -> None:
    if not phase_open(process, key, today):
        phase = next((p for p in process.phases if p.key == key), None)
        details = {"phase": key, "today": today.isoformat()}
        if phase is not None:
            details |= {
                "starts_on": phase.starts_on.isoformat(),
                "ends_on": phase.ends_on.isoformat(),
            }
        raise PhaseClosed(details=details)
