"""The version history of a roadmap: list, show, diff.

The group and the Committee see every saved version; everybody else sees the published
ones, including those an amendment superseded (they stay public for reference).
"""

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.pagination import Keyset
from roadmaps.roadmap import store
from roadmaps.roadmap.diff import diff_contents
from roadmaps.roadmap.errors import VersionNotFound
from roadmaps.roadmap.models import RoadmapPublication, RoadmapVersion
from roadmaps.roadmap.schemas import RoadmapContent, RoadmapDiff, VersionRead, VersionSummary
from roadmaps.roadmap.service import RoadmapView

# A roadmap's versions (its number is unique within the roadmap).
NEWEST_FIRST = Keyset(RoadmapVersion.version)


def _summary(row: RoadmapVersion, published: dict[int, RoadmapPublication]) -> dict:
    publication = published.get(row.version)
    return {
        "version": row.version,
        "message": row.message,
        "kind": row.kind,
        "justification": row.justification,
        "author_sub": row.author_sub,
        "author_name": row.author_name,
        "created_at": row.created_at,
        "published_at": publication.published_at if publication else None,
        "superseded": publication is not None and row.version < max(published),
    }


async def list_versions(
    session: AsyncSession, view: RoadmapView, *, limit: int, cursor: str | None
) -> tuple[list[VersionSummary], str | None]:
    """Newest first."""
    published = await store.publications(session, view.roadmap.id)
    query = select(RoadmapVersion).where(RoadmapVersion.roadmap_id == view.roadmap.id)
    if not view.sees_working_versions:
        query = query.where(RoadmapVersion.version.in_(list(published)))
    query = NEWEST_FIRST.apply(query, cursor=cursor, limit=limit)
    rows, next_cursor = NEWEST_FIRST.page((await session.execute(query)).scalars().all(), limit)
    return [VersionSummary(**_summary(r, published)) for r in rows], next_cursor


async def _visible_version(
    session: AsyncSession, view: RoadmapView, number: int, published: dict
) -> RoadmapVersion:
    row = await store.get_version(session, view.roadmap.id, number)
    if row is None or not (view.sees_working_versions or number in published):
        raise VersionNotFound(details={"version": number})
    return row


async def show_version(session: AsyncSession, view: RoadmapView, number: int) -> VersionRead:
    published = await store.publications(session, view.roadmap.id)
    row = await _visible_version(session, view, number, published)
    content = RoadmapContent.model_validate(row.content)
    return VersionRead(**_summary(row, published), content=content)


async def diff_versions(
    session: AsyncSession, view: RoadmapView, from_version: int, to_version: int
) -> RoadmapDiff:
    published = await store.publications(session, view.roadmap.id)
    old = await _visible_version(session, view, from_version, published)
    new = await _visible_version(session, view, to_version, published)
    return RoadmapDiff(
        from_version=from_version,
        to_version=to_version,
        changes=diff_contents(old.content, new.content),
    )
