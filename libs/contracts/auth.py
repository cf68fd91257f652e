"""Events the gateway publishes (it holds the accounts): ``auth.<entity>.<verb>.v<n>``."""

from pydantic import Field

from contracts.payload import Payload

ACCOUNT_DELETED = "auth.account.deleted.v1"


class AccountDeleted(Payload):
    """``auth.account.deleted.v1``: a person deleted their account.

    Produced by the gateway (``gateway.accounts.privacy``); consumed by consultation,
    roadmaps and tracking, which anonymise what they hold about the person (published
    contributions show as anonymous; votes stay counted)."""

    account_id: str = Field(min_length=1, max_length=80)


TOPICS = {ACCOUNT_DELETED: AccountDeleted}
