"""Events this service consumes and publishes (``roadmaps.<entity>.<verb>.v<n>``).

Topic names and payload models are in ``contracts`` (``contracts.roadmaps`` for what this
service publishes, built by each domain's ``events`` module: commitments, groups, roadmap,
meetings). Here: what the service consumes, parsed into which contract and handled by
whom, and where what it publishes goes.
"""

from contracts.auth import ACCOUNT_DELETED, AccountDeleted
from contracts.consultation import THEME_PROMOTED, ThemePromoted
from kit.inbox import Consumer, Handler
from roadmaps.commitments.consultation import InvalidThemeEvent, on_theme_promoted
from roadmaps.privacy.service import account_deleted

# Topics not listed here are acknowledged and ignored by the kit inbox.
HANDLERS: dict[str, Handler] = {
    THEME_PROMOTED: Consumer(ThemePromoted, on_theme_promoted, invalid=InvalidThemeEvent),
    ACCOUNT_DELETED: Consumer(AccountDeleted, account_deleted),
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
