"""Creating and editing a roadmap: every save is a new immutable version, applied with a
compare-and-swap on the version the editor started from. Knows nothing of HTTP."""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.concurrency import compare_and_swap, stale
from kit.db import insert_ignore
from kit.errors import PreconditionFailed, Unprocessable
from kit.outbox import emit
from kit.tokens import Principal
from roadmaps.commitments.models import Commitment
from roadmaps.db import utcnow
from roadmaps.groups.models import WorkingGroupMember
from roadmaps.roadmap import store
from roadmaps.roadmap.content import (
    Members,
    as_write,
    build_content,
    check_weights,
    missing_elements,
    weight_total,
)
from roadmaps.roadmap.errors import (
    JustificationRequired,
    RoadmapAlreadyExists,
    RoadmapIncomplete,
    RoadmapNotFound,
    RoadmapNotPublished,
)
from roadmaps.roadmap.events import ROADMAP_AMENDED, ROADMAP_PUBLISHED, roadmap_payload
from roadmaps.roadmap.models import Roadmap, RoadmapPublication, RoadmapVersion
from roadmaps.roadmap.schemas import (
    RoadmapContent,
    RoadmapPatch,
    RoadmapRead,
    RoadmapSave,
    SignOffRead,
)

# Where a save leaves the workflow: an edit after agreement reopens the review.
STATUS_AFTER_EDIT = {
    "draft": "draft",
    "in_review": "in_review",
    "agreed": "in_review",
    "published": "published",
}


@dataclass(frozen=True)
class RoadmapView:
    """A roadmap and the version one caller may see (working or published)."""

    commitment: Commitment
    roadmap: Roadmap
    version: RoadmapVersion
    # The group and the Committee (deps.Access) see the working version and every saved
    # one; others, only published versions. Not the commitments' rule (staff see drafts).
    sees_working_versions: bool


async def view_roadmap(
    session: AsyncSession, commitment: Commitment, *, sees_working_versions: bool
) -> RoadmapView:
    roadmap = await store.find_roadmap(session, commitment.id)
    if roadmap is None:
        raise RoadmapNotFound() if sees_working_versions else RoadmapNotPublished()
    number = roadmap.version if sees_working_versions else roadmap.published_version
    if number is None:
        raise RoadmapNotPublished()
    version = await store.get_version(session, roadmap.id, number)
    assert version is not None  # versions are never deleted
    return RoadmapView(commitment, roadmap, version, sees_working_versions)


async def read_roadmap(session: AsyncSession, view: RoadmapView) -> RoadmapRead:
    roadmap, version = view.roadmap, view.version
    members = await store.members_of(session, roadmap.commitment_id)
    signatures = await store.sign_offs(session, roadmap.id, version.version)
    return RoadmapRead(
        id=roadmap.id,
        commitment_id=roadmap.commitment_id,
        status=roadmap.status if view.sees_working_versions else "published",
        version=version.version,
        published_version=roadmap.published_version,
        content=RoadmapContent.model_validate(version.content),
        version_message=version.message,
        version_author=version.author_name or version.author_sub,
        version_author_id=version.author_sub,
        version_created_at=version.created_at,
        missing_elements=missing_elements(version.content, members),
        weight_total=weight_total(version.content),
        review_sessions_held=await store.sessions_held(session, roadmap.id),
        sign_offs=[SignOffRead.model_validate(s) for s in signatures],
        created_at=roadmap.created_at,
        updated_at=roadmap.updated_at,
        published_at=roadmap.published_at,
    )


async def stale_error(session: AsyncSession, commitment: Commitment) -> PreconditionFailed:
    current = await view_roadmap(session, commitment, sees_working_versions=True)
    body = await read_roadmap(session, current)
    return stale(current.roadmap.version, body.model_dump(mode="json"))


async def create_roadmap(
    session: AsyncSession,
    actor: Principal,
    commitment: Commitment,
    author: WorkingGroupMember,
    data: RoadmapSave,
) -> RoadmapView:
    """Version 1 of the commitment's roadmap, a draft."""
    content = build_content(data, await store.members_of(session, commitment.id), None)
    roadmap = Roadmap(commitment_id=commitment.id)
    table = Roadmap.__table__
    if not await insert_ignore(session, table, roadmap.model_dump(), ["commitment_id"]):
        raise RoadmapAlreadyExists()
    await store.append_version(
        session, roadmap.id, 1, content, actor, message=data.message, author_name=author.name
    )
    return await view_roadmap(session, commitment, sees_working_versions=True)


def require_complete(content: dict[str, Any], members: Members, doing: str = "") -> None:
    """Refuse (``doing``: what is refused, e.g. «enviarse a revisión»), naming every
    missing element; drafts are saved incomplete, the workflow's steps are not."""
    missing = missing_elements(content, members)
    if missing:
        labels = ", ".join(m["label"] for m in missing)
        lead = f"La hoja de ruta no puede {doing}: faltan" if doing else "Faltan"
        raise RoadmapIncomplete(
            f"{lead} elementos obligatorios de la hoja de ruta: {labels}.",
            details={"missing_elements": missing, "weight_total": weight_total(content)},
        )


async def _checked_content(
    session: AsyncSession, view: RoadmapView, data: RoadmapSave, amendment: bool
) -> dict[str, Any]:
    """The content to store, or the 422/409 that says why not (nothing is written)."""
    if amendment and not data.justification:
        raise JustificationRequired(details={"field": "justification"})
    members = await store.members_of(session, view.commitment.id)
    content = build_content(data, members, view.version.content)
    if amendment:  # what is public must stay complete
        check_weights(data.key_actions)
        require_complete(content, members)
    return content


async def save_roadmap(
    session: AsyncSession,
    actor: Principal,
    view: RoadmapView,
    author: WorkingGroupMember,
    expected: int,
    data: RoadmapSave,
) -> RoadmapView:
    """A new version if ``expected`` is still current; after publication, an amendment."""
    roadmap = view.roadmap
    # Read now: the row object is refreshed in place once the swap succeeds.
    status, previous = roadmap.status, roadmap.published_version
    amendment = status == "published"
    content = await _checked_content(session, view, data, amendment)
    values: dict[str, Any] = {"status": STATUS_AFTER_EDIT[status], "updated_at": utcnow()}
    if amendment:
        values["published_version"] = expected + 1
    also = {"status": status}
    if not await compare_and_swap(session, Roadmap, roadmap.id, expected, values, also=also):
        raise await stale_error(session, view.commitment)
    justification = data.justification if amendment else None
    await store.append_version(
        session,
        roadmap.id,
        expected + 1,
        content,
        actor,
        message=data.message,
        author_name=author.name,
        statuses=(status, values["status"]),
        justification=justification,
    )
    saved = await view_roadmap(session, view.commitment, sees_working_versions=True)
    if amendment:
        await record_publication(
            session, actor, saved, justification=justification, previous=previous
        )
    return saved


def _patched(view: RoadmapView, data: RoadmapPatch) -> RoadmapSave:
    """The full save a PATCH amounts to: the current content with the sent fields replaced
    (``null`` clears a field)."""
    cleared = {"final_result": "", "expected_products": [], "indicators": []}
    cleared |= {"means_of_verification": [], "key_actions": []}
    sent = data.model_dump(exclude_unset=True, exclude={"message", "justification"})
    merged = as_write(view.version.content)
    merged |= {k: cleared.get(k) if v is None else v for k, v in sent.items()}
    merged |= {"message": data.message, "justification": data.justification}
    try:
        return RoadmapSave.model_validate(merged)
    except ValidationError as exc:
        raise Unprocessable(details=exc.errors(include_url=False)) from None


async def patch_roadmap(
    session: AsyncSession,
    actor: Principal,
    view: RoadmapView,
    author: WorkingGroupMember,
    expected: int,
    data: RoadmapPatch,
) -> RoadmapView:
    return await save_roadmap(session, actor, view, author, expected, _patched(view, data))


async def record_publication(
    session: AsyncSession,
    actor: Principal,
    view: RoadmapView,
    *,
    justification: str | None = None,
    previous: int | None = None,
) -> RoadmapPublication:
    """Make ``view.version`` public and announce it (an amendment when one came before)."""
    publication = RoadmapPublication(
        roadmap_id=view.roadmap.id,
        version=view.version.version,
        kind="amendment" if previous is not None else "initial",
        justification=justification,
        previous_version=previous,
        published_at=utcnow(),
        published_by=actor.sub,
    )
    session.add(publication)
    await session.flush()
    members = await store.members_of(session, view.commitment.id)
    payload = roadmap_payload(view.commitment, view.version, publication, members.values())
    topic = ROADMAP_AMENDED if publication.kind == "amendment" else ROADMAP_PUBLISHED
    await emit(session, topic, payload)
    return publication
