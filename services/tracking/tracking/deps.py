"""Dependency aliases used by the routes."""

from typing import Annotated

from fastapi import Depends, Path, Request

from kit.auth import require_role_or_scope, require_roles
from kit.db import SessionDep
from kit.tokens import Principal
from reference.roles import COMMITTEE, REPORTERS, VALIDATORS
from tracking.commitments import service, versions
from tracking.commitments.models import TrackedCommitment
from tracking.updates.stores import EvidenceStore

PlanCode = Annotated[
    str, Path(min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$", examples=["MX-4PA"])
]


async def _tracked_commitment(
    session: SessionDep, commitment_id: Annotated[str, Path(max_length=64)]
) -> TrackedCommitment:
    return await service.get_commitment(session, commitment_id)


async def _plan_version(request: Request, session: SessionDep, plan_code: PlanCode) -> int:
    memo: versions.VersionMemo = request.app.state.plan_versions
    return await memo.get(session, plan_code)


def _evidence_store(request: Request) -> EvidenceStore:
    return request.app.state.evidence_store


ValidCommitment = Annotated[TrackedCommitment, Depends(_tracked_commitment)]
PlanVersion = Annotated[int, Depends(_plan_version)]
Store = Annotated[EvidenceStore, Depends(_evidence_store)]
CommitteeMember = Annotated[Principal, require_roles(COMMITTEE)]
GovernmentStaff = Annotated[Principal, require_roles(REPORTERS)]
# Submitting progress only: also an agency's API client with ``tracking:progress``.
ProgressReporter = Annotated[Principal, require_role_or_scope(REPORTERS, scope="tracking:progress")]
Validator = Annotated[Principal, require_roles(VALIDATORS)]
