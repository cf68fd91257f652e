"""Events this service publishes. Names: ``roadmaps.<entity>.<verb>.v<n>``."""

from roadmaps.models import Commitment

COMMITMENT_PUBLISHED = "roadmaps.commitment.published.v1"

# Which destination receives which topics (prefixes); destinations' URLs are settings.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "tracking": ("roadmaps.commitment.", "roadmaps.roadmap."),
    "consultation": ("roadmaps.draft_plan.",),
}


def commitment_payload(commitment: Commitment) -> dict:
    return {
        "commitment_id": commitment.id,
        "plan_code": commitment.plan_code,
        "number": commitment.number,
        "slug": commitment.slug,
        "title": commitment.title,
        "problem": commitment.problem,
        "summary": commitment.summary,
        "lead_institutions": list(commitment.lead_institutions),
        "cso_coresponsible": list(commitment.cso_coresponsible),
        "published_at": commitment.published_at.isoformat() if commitment.published_at else None,
    }
