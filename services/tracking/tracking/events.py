"""Events this service consumes (it publishes none yet), and their handlers."""

from kit.inbox import Handler
from tracking import service

COMMITMENT_PUBLISHED = "roadmaps.commitment.published.v1"

# Topics not listed here are acknowledged and ignored by the kit inbox.
HANDLERS: dict[str, Handler] = {
    COMMITMENT_PUBLISHED: service.record_published_commitment,
}
