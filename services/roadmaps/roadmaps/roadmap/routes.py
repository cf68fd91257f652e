from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from kit.concurrency import etag
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT, Page
from roadmaps.db import ROADMAPS
from roadmaps.deps import (
    CachedReads,
    EditableRoadmap,
    GroupAccess,
    GroupMember,
    IfMatch,
    ValidCommitment,
    ValidRoadmap,
    WorkingGroupPerson,
)
from roadmaps.roadmap import history, service
from roadmaps.roadmap.schemas import (
    RoadmapDiff,
    RoadmapPatch,
    RoadmapRead,
    RoadmapSave,
    VersionRead,
    VersionSummary,
)
from roadmaps.roadmap.service import RoadmapView

router = APIRouter(tags=["roadmaps"])
ROADMAP = "/commitments/{commitment_id}/roadmap"
VersionNumber = Annotated[int, Path(ge=1, le=1_000_000)]
# The version travels in the ETag header; document it next to the error answers.
WITH_ETAG = {
    "headers": {"ETag": {"description": 'La versión, p. ej. "3".', "schema": {"type": "string"}}}
}
EDIT_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428) | {200: WITH_ETAG}


async def answer(session: SessionDep, view: RoadmapView, response: Response) -> RoadmapRead:
    """The roadmap body, with its version as the ``ETag``."""
    response.headers["ETag"] = etag(view.version.version)
    return await service.read_roadmap(session, view)


@router.get(
    ROADMAP, response_model=RoadmapRead, responses=error_responses(401, 404) | {200: WITH_ETAG}
)
async def get_roadmap(session: SessionDep, access: GroupAccess, reads: CachedReads) -> Response:
    """The commitment's roadmap. Its working group and the Committee see the working
    version; everybody else sees the published one (404 until there is one). The
    ``ETag`` is the version; send it back in ``If-Match`` to edit."""

    async def build() -> tuple[int, bytes]:
        view = await service.view_roadmap(
            session, access.commitment, sees_working_versions=access.sees_working_versions
        )
        body = await service.read_roadmap(session, view)
        return view.version.version, body.model_dump_json(by_alias=True).encode()

    # Who the caller is (access: the commitment and her membership) is read on every
    # request; the body is kept per data version and per version she may see.
    seen = "working" if access.sees_working_versions else "published"
    key = ("roadmap", access.commitment.id, seen, await reads.version(ROADMAPS))
    version, body = await reads.held(key, build)
    headers = {"ETag": etag(version), "Cache-Control": reads.cache_control}
    return Response(body, media_type="application/json", headers=headers)


@router.post(
    ROADMAP,
    status_code=201,
    response_model=RoadmapRead,
    responses=error_responses(401, 403, 404, 409, 422) | {201: WITH_ETAG},
)
async def create_roadmap(
    session: SessionDep,
    actor: WorkingGroupPerson,
    member: GroupMember,
    commitment: ValidCommitment,
    data: RoadmapSave,
    response: Response,
) -> RoadmapRead:
    """Start the roadmap as version 1, a draft (members of the working group). Elements
    may be missing while it is a draft, and the key actions' weights need not sum 100 yet
    (``missing_elements`` and ``weight_total`` say what is left); what is given must be
    valid."""
    view = await service.create_roadmap(session, actor, commitment, member, data)
    return await answer(session, view, response)


@router.put(ROADMAP, response_model=RoadmapRead, responses=EDIT_ERRORS)
async def replace_roadmap(
    session: SessionDep,
    actor: WorkingGroupPerson,
    member: GroupMember,
    roadmap: EditableRoadmap,
    expected: IfMatch,
    data: RoadmapSave,
    response: Response,
) -> RoadmapRead:
    """Save the whole content as a new version (members of the working group).

    Needs ``If-Match`` with the version you edited: 428 without it; 412 when someone saved
    first, with the current roadmap in ``error.details.current`` so you can merge. Keep
    the ``key_action_id``/``activity_id`` of items you keep. After publication every save
    is an amendment: ``justification`` is required, the content must be complete (weights
    summing 100, 422 ``weights_must_sum_100``) and the new version is published at once;
    the superseded one stays public. Before that, a version may be incomplete; every save
    voids the signatures of the version it replaces."""
    view = await service.save_roadmap(session, actor, roadmap, member, expected, data)
    return await answer(session, view, response)


@router.patch(ROADMAP, response_model=RoadmapRead, responses=EDIT_ERRORS)
async def patch_roadmap(
    session: SessionDep,
    actor: WorkingGroupPerson,
    member: GroupMember,
    roadmap: EditableRoadmap,
    expected: IfMatch,
    data: RoadmapPatch,
    response: Response,
) -> RoadmapRead:
    """Change only the fields sent, as a new version; same rules as ``PUT``."""
    view = await service.patch_roadmap(session, actor, roadmap, member, expected, data)
    return await answer(session, view, response)


@router.get(
    f"{ROADMAP}/versions",
    response_model=Page[VersionSummary],
    responses=error_responses(401, 404, 422),
)
async def list_versions(
    session: SessionDep,
    roadmap: ValidRoadmap,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[VersionSummary]:
    """Every saved version, newest first, with author, time and message; the public sees
    the published ones, superseded ones included."""
    items, next_cursor = await history.list_versions(session, roadmap, limit=limit, cursor=cursor)
    return Page[VersionSummary](items=items, next_cursor=next_cursor)


@router.get(
    f"{ROADMAP}/versions/{{version}}",
    response_model=VersionRead,
    responses=error_responses(401, 404),
)
async def get_version(
    session: SessionDep, roadmap: ValidRoadmap, version: VersionNumber
) -> VersionRead:
    """One version as it was saved; versions never change."""
    return await history.show_version(session, roadmap, version)


@router.get(f"{ROADMAP}/diff", response_model=RoadmapDiff, responses=error_responses(401, 404, 422))
async def diff_versions(
    session: SessionDep,
    roadmap: ValidRoadmap,
    from_version: Annotated[int, Query(alias="from", ge=1, examples=[1])],
    to_version: Annotated[int, Query(alias="to", ge=1, examples=[2])],
) -> RoadmapDiff:
    """What changed between two versions, field by field; key actions and activities are
    matched by id and texts compared line by line."""
    return await history.diff_versions(session, roadmap, from_version, to_version)
