from typing import Annotated

from fastapi import APIRouter, Path, Query

from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT
from tracking import service
from tracking.deps import ValidCommitment
from tracking.schemas import CommitmentList, CommitmentRead

router = APIRouter(tags=["commitments"])

PlanCode = Annotated[
    str, Path(min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$", examples=["MX-4PA"])
]


@router.get(
    "/plans/{plan_code}/commitments",
    response_model=CommitmentList,
    responses=error_responses(422),
)
async def list_plan_commitments(
    session: SessionDep,
    plan_code: PlanCode,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> CommitmentList:
    """The published commitments of a plan, in number order (empty for an unknown plan)."""
    rows, next_cursor = await service.list_plan_commitments(
        session, plan_code, limit=limit, cursor=cursor
    )
    return CommitmentList(items=[CommitmentRead.of(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/commitments/{commitment_id}",
    response_model=CommitmentRead,
    responses=error_responses(404, 422),
)
async def get_commitment(commitment: ValidCommitment) -> CommitmentRead:
    """One published commitment, as tracking follows it."""
    return CommitmentRead.of(commitment)
