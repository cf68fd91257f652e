"""Dependency aliases used by the routes."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Path

from consultation import service
from consultation.models import Process
from consultation.phases import mexico_city_today
from kit.auth import require_roles
from kit.db import SessionDep
from kit.tokens import Principal

# Agencies' API clients holding the scope may also create processes (gateway route table).
CommitteeMember = Annotated[Principal, require_roles("committee", scopes=("consultation:write",))]


async def current_day() -> date:
    """The clock: tests override this dependency to stand on any day."""
    return mexico_city_today()


# Phases open and close on this day; computed per request, never cached.
Today = Annotated[date, Depends(current_day)]
Citizen = Annotated[Principal, require_roles("citizen")]
# Staff who type in paper questionnaires of the territorial consultation.
StaffMember = Annotated[
    Principal,
    require_roles("government", "cso", "inai", "committee", scopes=("consultation:write",)),
]


async def _existing_process(
    session: SessionDep, process_id: Annotated[str, Path(max_length=64)]
) -> Process:
    return await service.get_process(session, process_id)


ValidProcess = Annotated[Process, Depends(_existing_process)]
