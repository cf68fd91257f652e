"""Events this service consumes and publishes (``roadmaps.<entity>.<verb>.v<n>``).

Each domain names the topics it publishes and builds their payloads in its ``events``
module (commitments, groups, roadmap, meetings); the payloads are in docs/EVENTS.md. Here:
what the service consumes and who handles it, and where what it publishes goes.
"""

from kit.inbox import Handler
from roadmaps.commitments.consultation import on_theme_promoted
from roadmaps.privacy.service import account_deleted

THEME_PROMOTED = "consultation.theme.promoted.v1"
ACCOUNT_DELETED = "auth.account.deleted.v1"

# Topics not listed here are acknowledged and ignored by the kit inbox.
HANDLERS: dict[str, Handler] = {
    THEME_PROMOTED: on_theme_promoted,
    ACCOUNT_DELETED: account_deleted,
}

# Which destination receives which topics (prefixes); destinations' URLs are settings.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "tracking": (
        "roadmaps.commitment.",
        "roadmaps.roadmap.",
        "roadmaps.working_group.",
        "roadmaps.meeting.",
    ),
    # The published commitment too: it opens for comments on its progress (and links the
    # theme it came from).
    "consultation": ("roadmaps.draft_plan.", "roadmaps.commitment.published."),
}
