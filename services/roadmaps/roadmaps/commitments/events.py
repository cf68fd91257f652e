"""The commitment events this service publishes, and their payloads
(``contracts.roadmaps``)."""

from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.roadmaps import (
    COMMITMENT_PUBLISHED,
    DRAFT_PLAN_PUBLISHED,
    CommitmentPublished,
    DraftPlanCommitment,
)
from kit.outbox import EventRoutes
from roadmaps.commitments.models import Commitment

__all__ = [
    "COMMITMENT_PUBLISHED",
    "DRAFT_PLAN_PUBLISHED",
    "commitment_payload",
    "draft_plan_item",
    "theme_origin_destinations",
]


def commitment_payload(commitment: Commitment) -> CommitmentPublished:
    return CommitmentPublished(
        commitment_id=commitment.id,
        plan_code=commitment.plan_code,
        number=commitment.number,
        slug=commitment.slug,
        title=commitment.title,
        problem=commitment.problem,
        summary=commitment.summary,
        lead_institutions=list(commitment.lead_institutions),
        cso_coresponsible=list(commitment.cso_coresponsible),
        published_at=commitment.published_at,
        areas=list(commitment.areas or []),
        supporting_institutions=list(commitment.supporting_institutions or []),
        cso_accompanying=list(commitment.cso_accompanying or []),
        source_theme_id=commitment.source_theme_id,
        demo=commitment.demo,
    )


def draft_plan_item(commitment: Commitment) -> DraftPlanCommitment:
    return DraftPlanCommitment(
        commitment_id=commitment.id,
        number=commitment.number,
        title=commitment.title,
        problem=commitment.problem,
        summary=commitment.summary,
        source_theme_id=commitment.source_theme_id,  # optional: back to the consultation
    )


def theme_origin_destinations(session: AsyncSession, commitment: Commitment) -> list[str]:
    """Where else a commitment's publication goes: a commitment born from a consultation
    theme is announced to the consultation too, which links the theme's topics to it
    (traceability back). The consultation now subscribes to every publication (its progress
    comments), so this adds nothing unless that subscription is configured away."""
    routes: EventRoutes = session.info.get("event_routes") or EventRoutes()
    base = routes.destinations.get("consultation")
    if not commitment.source_theme_id or not base:
        return []
    url = base.rstrip("/") + "/internal/events"
    return [] if url in routes.for_topic(COMMITMENT_PUBLISHED) else [url]
