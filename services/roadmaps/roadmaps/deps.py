"""Dependency aliases used by the routes: who is calling, what they may see and edit.

The authorization chain is written once here. ``ValidCommitment`` → ``GroupAccess`` (is the
caller in this commitment's working group?) → ``GroupMember`` (403 unless so) and
``ValidRoadmap`` (the version the caller may see) → ``EditableRoadmap`` (a member's roadmap).
Resolving the role first means an anonymous caller gets 401 and a citizen 403 before any
object is looked up.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Path, Request

from kit.auth import OptionalPrincipal, require_roles
from kit.concurrency import expected_version
from kit.conditional import JsonCache
from kit.db import SessionDep
from kit.freshness import DataVersions
from kit.tokens import Principal
from reference.roles import COMMITTEE, WORKING_GROUP
from roadmaps.commitments import service as commitments
from roadmaps.commitments.models import Commitment
from roadmaps.groups import service as groups
from roadmaps.groups.errors import NotAGroupMember
from roadmaps.groups.models import WorkingGroupMember
from roadmaps.roadmap.service import RoadmapView, view_roadmap

CommitteeMember = Annotated[Principal, require_roles(COMMITTEE)]
# A person whose role may belong to a working group (not ``groups.roles.GroupRole``, the
# role held inside one); membership itself is checked per object.
WorkingGroupPerson = Annotated[Principal, require_roles(WORKING_GROUP)]


async def _visible_commitment(
    session: SessionDep,
    viewer: OptionalPrincipal,
    commitment_id: Annotated[str, Path(max_length=64)],
) -> Commitment:
    return await commitments.get_commitment(session, commitment_id, viewer)


ValidCommitment = Annotated[Commitment, Depends(_visible_commitment)]


@dataclass(frozen=True)
class Access:
    """The caller's standing towards one commitment's working group."""

    commitment: Commitment
    viewer: Principal | None
    member: WorkingGroupMember | None

    @property
    def sees_working_versions(self) -> bool:
        """The group and the Committee see a roadmap's unpublished (working) versions;
        others, the published ones."""
        committee = self.viewer is not None and self.viewer.role in COMMITTEE
        return self.member is not None or committee


async def _access(
    session: SessionDep, viewer: OptionalPrincipal, commitment: ValidCommitment
) -> Access:
    member = await groups.find_member(session, commitment.id, viewer.sub) if viewer else None
    return Access(commitment, viewer, member)


GroupAccess = Annotated[Access, Depends(_access)]


async def _group_member(_: WorkingGroupPerson, access: GroupAccess) -> WorkingGroupMember:
    if access.member is None:
        raise NotAGroupMember()
    return access.member


GroupMember = Annotated[WorkingGroupMember, Depends(_group_member)]


async def _member_or_committee(actor: WorkingGroupPerson, access: GroupAccess) -> Principal:
    if access.member is None and actor.role not in COMMITTEE:
        raise NotAGroupMember()
    return actor


MemberOrCommittee = Annotated[Principal, Depends(_member_or_committee)]


async def _valid_roadmap(session: SessionDep, access: GroupAccess) -> RoadmapView:
    return await view_roadmap(
        session, access.commitment, sees_working_versions=access.sees_working_versions
    )


ValidRoadmap = Annotated[RoadmapView, Depends(_valid_roadmap)]


async def _editable_roadmap(_: GroupMember, roadmap: ValidRoadmap) -> RoadmapView:
    return roadmap


EditableRoadmap = Annotated[RoadmapView, Depends(_editable_roadmap)]


async def _committee_roadmap(_: CommitteeMember, roadmap: ValidRoadmap) -> RoadmapView:
    return roadmap


CommitteeRoadmap = Annotated[RoadmapView, Depends(_committee_roadmap)]


async def _if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description="La ETag de la versión que editas (la recibiste al leer).",
            examples=['"3"'],
        ),
    ] = None,
) -> int:
    return expected_version(if_match)


IfMatch = Annotated[int, Depends(_if_match)]


@dataclass(frozen=True)
class Reads:
    """Reads rendered once per data version (``kit.freshness``), for this request."""

    session: Any
    versions: DataVersions
    cache: JsonCache
    max_age: int
    # An answer to a request with credentials (a token, a cookie) may not be kept by a
    # shared cache (the gateway's micro-cache skips those requests too).
    private: bool

    @property
    def cache_control(self) -> str:
        return f"{'private' if self.private else 'public'}, max-age={self.max_age}"

    async def version(self, scope: str) -> int:
        """Read it before the data the answer is built from."""
        return await self.versions.get(self.session, scope)

    async def held(self, key: Any, build: Callable[[], Awaitable[Any]]) -> Any:
        """The value kept under ``key``, else ``build()``'s (kept)."""
        value = self.cache.get(key)
        if value is None:
            value = await build()
            self.cache.put(key, value)
        return value


async def _reads(request: Request, session: SessionDep) -> Reads:
    state = request.app.state
    return Reads(
        session=session,
        versions=state.data_versions,
        cache=state.public_cache,
        max_age=state.settings.public_max_age_seconds,
        private="authorization" in request.headers or "cookie" in request.headers,
    )


CachedReads = Annotated[Reads, Depends(_reads)]
