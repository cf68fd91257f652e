"""Attaching evidence files to an update and serving them back."""

import uuid

from anyio import to_thread
from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.tokens import Principal
from tracking.activities.service import active_member
from tracking.updates.errors import (
    EvidenceNotFound,
    NotAllowedToView,
    NotGovernmentMember,
    TooManyEvidenceFiles,
    UpdateNotEditable,
)
from tracking.updates.evidence import safe_name, sniff
from tracking.updates.models import ProgressUpdate, UpdateEvidence
from tracking.updates.service import can_see_unpublished
from tracking.updates.stores import EvidenceStore, Spooled


async def add_evidence(
    session: AsyncSession,
    store: EvidenceStore,
    actor: Principal,
    update: ProgressUpdate,
    *,
    spooled: Spooled,
    file_name: str | None,
    max_files: int,
) -> UpdateEvidence:
    """Every check runs before the file is kept, and the row is flushed before, so a refusal
    leaves nothing in the store; a store that fails raises, and the row rolls back."""
    member = await active_member(session, update.commitment_id, actor.sub)
    if member is None or member.sector != "government":
        raise NotGovernmentMember()
    if update.state != "pending":
        raise UpdateNotEditable()
    count = await session.exec(
        select(func.count())
        .select_from(UpdateEvidence)
        .where(UpdateEvidence.update_id == update.id)
    )
    if count.one() >= max_files:
        raise TooManyEvidenceFiles(details={"max_files": max_files})
    name = safe_name(file_name)
    content_type = await to_thread.run_sync(sniff, spooled.path, name)
    row = UpdateEvidence(
        id=uuid.uuid4().hex,
        update_id=update.id,
        file_name=name,
        content_type=content_type,
        size=spooled.size,
        sha256=spooled.sha256,
        uploaded_by=actor.sub,
    )
    session.add(row)
    await session.flush()
    await audit.record(
        session, actor, "evidence.added", "progress_update", update.id, after=row.model_dump()
    )
    await store.keep(spooled)
    return row


async def evidence_row(
    session: AsyncSession, actor: Principal | None, evidence_id: str
) -> UpdateEvidence:
    """Public once its update is published; before, only the group and the Committee."""
    row = await session.get(UpdateEvidence, evidence_id)
    if row is None:
        raise EvidenceNotFound()
    update = await session.get(ProgressUpdate, row.update_id)
    if update.state != "published" and not await can_see_unpublished(
        session, actor, update.commitment_id
    ):
        raise NotAllowedToView()
    return row
