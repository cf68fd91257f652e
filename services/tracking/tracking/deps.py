"""Dependency aliases used by the routes."""

from typing import Annotated

from fastapi import Depends, Path

from kit.db import SessionDep
from tracking import service
from tracking.models import TrackedCommitment


async def _tracked_commitment(
    session: SessionDep, commitment_id: Annotated[str, Path(max_length=64)]
) -> TrackedCommitment:
    return await service.get_commitment(session, commitment_id)


ValidCommitment = Annotated[TrackedCommitment, Depends(_tracked_commitment)]
