"""Dependency aliases used by the routes."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Request

from consultation.processes import service
from consultation.processes.models import Process
from kit.auth import require_role_or_scope, require_roles
from kit.db import SessionDep
from kit.tokens import Principal
from reference.roles import COMMITTEE, WORKING_GROUP

# The Committee's own work: people only. An API client is never the Committee.
CommitteeMember = Annotated[Principal, require_roles(COMMITTEE)]
# Creating a process and moving its phases: the Committee, or an agency's API client holding
# ``consultation:write`` (the same grant as the gateway's route table for these routes).
ProcessWriter = Annotated[Principal, require_role_or_scope(COMMITTEE, scope="consultation:write")]


async def current_day(request: Request) -> date:
    """Today in Mexico City by the app's clock (``app.state.clock``, set by ``create_app``;
    tests set another clock to stand on any day)."""
    return request.app.state.clock()


# Phases open and close on this day; computed per request, never cached.
Today = Annotated[date, Depends(current_day)]
Citizen = Annotated[Principal, require_roles("citizen")]
# Staff who type in paper questionnaires of the territorial consultation.
StaffMember = Annotated[
    Principal,
    require_role_or_scope(WORKING_GROUP, scope="consultation:write"),
]


async def _existing_process(
    session: SessionDep, process_id: Annotated[str, Path(max_length=64)]
) -> Process:
    return await service.get_process(session, process_id)


ValidProcess = Annotated[Process, Depends(_existing_process)]
