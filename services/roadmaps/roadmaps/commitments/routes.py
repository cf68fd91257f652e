from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from kit.auth import OptionalPrincipal
from kit.concurrency import etag
from kit.conditional import conditional_json, etag_for
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT
from roadmaps.commitments import consultation, continuity, service
from roadmaps.commitments.errors import CommitmentNotFound
from roadmaps.commitments.schemas import (
    CommitmentCreate,
    CommitmentList,
    CommitmentRead,
    CommitmentUpdate,
    DraftPlanRead,
)
from roadmaps.db import COMMITMENTS
from roadmaps.deps import CachedReads, CommitteeMember, IfMatch, ValidCommitment

router = APIRouter(tags=["commitments"])
PlanCode = Annotated[str, Path(max_length=40, examples=["MX-4PA"])]


@router.get(
    "/commitments",
    response_model=CommitmentList,
    responses={304: {"description": "Sin cambios desde tu ETag."}} | error_responses(401, 422),
)
async def list_commitments(
    request: Request,
    session: SessionDep,
    viewer: OptionalPrincipal,
    reads: CachedReads,
    plan_code: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    """Commitments of a plan, in plan and number order. The public sees published ones;
    its list carries an ``ETag`` (304 with ``If-None-Match``)."""

    async def build() -> bytes:
        rows, next_cursor = await service.list_commitments(
            session, viewer, plan_code=plan_code, limit=limit, cursor=cursor
        )
        page = CommitmentList(
            items=[CommitmentRead.model_validate(r) for r in rows], next_cursor=next_cursor
        )
        return page.model_dump_json(by_alias=True).encode()

    if service.sees_draft_commitments(viewer):  # drafts too: never the public's list
        return Response(await build(), media_type="application/json")
    key = ("commitments", await reads.version(COMMITMENTS), plan_code, limit, cursor)
    return await conditional_json(
        request,
        etag=etag_for(*key),
        cache_key=key,
        build=build,
        cache=reads.cache,
        max_age=reads.max_age,
        private=reads.private,
    )


@router.get(
    "/commitments/{commitment_id}",
    response_model=CommitmentRead,
    responses=error_responses(401, 404),
)
async def get_commitment(
    session: SessionDep,
    viewer: OptionalPrincipal,
    reads: CachedReads,
    commitment_id: Annotated[str, Path(max_length=64)],
) -> Response:
    """One commitment, with its OGP template fields and the consultation topics it came
    from. The ``ETag`` is what a ``PATCH`` sends back in ``If-Match``."""

    async def build() -> tuple[int, str, bytes]:
        commitment = await service.get_commitment(session, commitment_id, viewer)
        body = CommitmentRead.model_validate(commitment).model_dump_json(by_alias=True)
        return commitment.version, commitment.status, body.encode()

    # Kept for anybody; who may see it (a draft: staff only) is decided on every request.
    key = ("commitment", commitment_id, await reads.version(COMMITMENTS))
    version, status, body = await reads.held(key, build)
    if status != "published" and not service.sees_draft_commitments(viewer):
        raise CommitmentNotFound()
    headers = {"ETag": etag(version), "Cache-Control": reads.cache_control}
    return Response(body, media_type="application/json", headers=headers)


@router.post(
    "/commitments",
    status_code=201,
    response_model=CommitmentRead,
    responses=error_responses(401, 403, 409, 422),
)
async def create_commitment(
    session: SessionDep, actor: CommitteeMember, data: CommitmentCreate, response: Response
) -> CommitmentRead:
    """Create a draft commitment and its (empty) working group (Coordinating Committee)."""
    commitment = await service.create_commitment(session, actor, data)
    response.headers["ETag"] = etag(commitment.version)
    return CommitmentRead.model_validate(commitment)


@router.patch(
    "/commitments/{commitment_id}",
    response_model=CommitmentRead,
    responses=error_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_commitment(
    session: SessionDep,
    actor: CommitteeMember,
    commitment: ValidCommitment,
    expected: IfMatch,
    data: CommitmentUpdate,
    response: Response,
) -> CommitmentRead:
    """Change fields of a draft commitment (Coordinating Committee). Needs ``If-Match``:
    412 with the current commitment when someone saved first, 428 without it."""
    updated = await service.update_commitment(session, actor, commitment, expected, data)
    response.headers["ETag"] = etag(updated.version)
    return CommitmentRead.model_validate(updated)


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


@router.post(
    "/plans/{plan_code}/draft-plan/publish",
    status_code=201,
    response_model=DraftPlanRead,
    tags=["draft plan"],
    responses=error_responses(401, 403, 404, 409),
)
async def publish_draft_plan(
    session: SessionDep, actor: CommitteeMember, plan_code: PlanCode
) -> DraftPlanRead:
    """Open the draft plan (every commitment of the plan) for public comment, once
    (Coordinating Committee). The consultation service receives it through an event."""
    publication = await consultation.publish_draft_plan(session, actor, plan_code)
    return DraftPlanRead.model_validate(publication)


@router.get(
    "/plans/{plan_code}/draft-plan",
    response_model=DraftPlanRead,
    tags=["draft plan"],
    responses=error_responses(404),
)
async def get_draft_plan(session: SessionDep, plan_code: PlanCode) -> DraftPlanRead:
    """The draft plan as it was opened for public comment."""
    return DraftPlanRead.model_validate(await consultation.get_draft_plan(session, plan_code))


@router.get("/commitments/{commitment_id}/continuity", responses=error_responses(401, 404))
async def get_continuity(
    session: SessionDep, viewer: OptionalPrincipal, commitment: ValidCommitment
) -> dict:
    """Continuidad entre planes, en los dos sentidos: el compromiso de un plan anterior que
    este continúa (``continues``) y los de planes posteriores que lo continúan
    (``continued_by``). El público ve solo compromisos publicados."""
    return await continuity.links(
        session, commitment, drafts=service.sees_draft_commitments(viewer)
    )
