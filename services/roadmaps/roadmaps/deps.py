"""Dependency aliases used by the routes."""

from typing import Annotated

from fastapi import Depends, Path

from kit.auth import OptionalPrincipal, require_roles
from kit.db import SessionDep
from kit.tokens import Principal
from roadmaps import service
from roadmaps.models import Commitment

CommitteeMember = Annotated[Principal, require_roles("committee")]


async def _visible_commitment(
    session: SessionDep,
    viewer: OptionalPrincipal,
    commitment_id: Annotated[str, Path(max_length=64)],
) -> Commitment:
    return await service.get_commitment(session, commitment_id, viewer)


ValidCommitment = Annotated[Commitment, Depends(_visible_commitment)]
