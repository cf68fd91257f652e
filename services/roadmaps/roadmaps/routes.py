from typing import Annotated

from fastapi import APIRouter, Query

from kit.auth import OptionalPrincipal
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT
from roadmaps import service
from roadmaps.deps import CommitteeMember, ValidCommitment
from roadmaps.schemas import CommitmentCreate, CommitmentList, CommitmentRead

router = APIRouter(tags=["commitments"])


@router.get("/commitments", response_model=CommitmentList, responses=error_responses(401, 422))
async def list_commitments(
    session: SessionDep,
    viewer: OptionalPrincipal,
    plan_code: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> CommitmentList:
    """Commitments of a plan, in plan and number order. The public sees published ones."""
    rows, next_cursor = await service.list_commitments(
        session, viewer, plan_code=plan_code, limit=limit, cursor=cursor
    )
    return CommitmentList(
        items=[CommitmentRead.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get(
    "/commitments/{commitment_id}",
    response_model=CommitmentRead,
    responses=error_responses(401, 404),
)
async def get_commitment(commitment: ValidCommitment) -> CommitmentRead:
    """One commitment."""
    return CommitmentRead.model_validate(commitment)


@router.post(
    "/commitments",
    status_code=201,
    response_model=CommitmentRead,
    responses=error_responses(401, 403, 409, 422),
)
async def create_commitment(
    session: SessionDep, actor: CommitteeMember, data: CommitmentCreate
) -> CommitmentRead:
    """Create a draft commitment (Coordinating Committee)."""
    return CommitmentRead.model_validate(await service.create_commitment(session, actor, data))


@router.post(
    "/commitments/{commitment_id}/publish",
    response_model=CommitmentRead,
    responses=error_responses(401, 403, 404, 409),
)
async def publish_commitment(
    session: SessionDep, actor: CommitteeMember, commitment_id: str
) -> CommitmentRead:
    """Publish a commitment; the tracking service receives it through an event."""
    commitment = await service.publish_commitment(session, actor, commitment_id)
    return CommitmentRead.model_validate(commitment)
