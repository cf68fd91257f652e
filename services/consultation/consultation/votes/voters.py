"""Who may vote: the one voter policy of the consultation.

A person (never an agency's API client) whose role is one of ``reference.roles.VOTERS``
and whose e-mail is verified. The vote route's dependency and the vote hot path both
apply :func:`check_voter`, so the two cannot drift.
"""

from consultation.people.identity import email_verified
from consultation.votes.errors import EmailNotVerified
from kit.errors import Forbidden
from kit.tokens import Principal
from reference.roles import VOTERS


def check_voter(principal: Principal) -> Principal:
    """The principal if it may vote; raises ``forbidden`` or ``email_not_verified``."""
    if principal.is_client or principal.role not in VOTERS:
        raise Forbidden()
    if not email_verified(principal):
        raise EmailNotVerified()
    return principal
