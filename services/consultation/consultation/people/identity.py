"""Who a caller is, for this service: the account, and the person behind it.

The person is the token's ``voter_key`` (a keyed hash of the normalised e-mail, stable if
the account is deleted and created again); tokens without one fall back to the account id.
"""

from kit.tokens import Principal


def person_key(principal: Principal) -> str:
    return str(principal.claims.get("voter_key") or principal.sub)[:128]


def display_name(principal: Principal) -> str | None:
    name = principal.claims.get("name")
    return str(name)[:120] if name else None


def email_verified(principal: Principal) -> bool:
    return principal.claims.get("email_verified") is True
