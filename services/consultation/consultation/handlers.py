"""Events this service consumes, by topic (idempotent through kit.inbox)."""

from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.events import ACCOUNT_DELETED, COMMITMENT_PUBLISHED, DRAFT_PLAN_PUBLISHED
from consultation.feedback.service import draft_plan_published
from consultation.privacy.service import account_deleted
from consultation.systematization.service import link_commitment
from kit.inbox import Event, Handler


async def commitment_published(session: AsyncSession, event: Event) -> None:
    """A commitment made from one of our themes: topics can now show where they went.
    (The v1 payload does not promise ``source_theme_id``; it is used when present.)"""
    theme_id = event.payload.get("source_theme_id")
    if theme_id:
        await link_commitment(session, str(theme_id), str(event.payload["commitment_id"]))


HANDLERS: dict[str, Handler] = {
    DRAFT_PLAN_PUBLISHED: draft_plan_published,
    COMMITMENT_PUBLISHED: commitment_published,
    ACCOUNT_DELETED: account_deleted,
}
