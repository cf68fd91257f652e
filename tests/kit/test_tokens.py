"""Token verification refuses every classic JWT forgery.

Tokens are built by hand here (base64url, RS256 with ``cryptography``, HMAC with
``hashlib``), so each forgery is exactly what an attacker would send and does not depend on
what python-jose is willing to produce. ``FORGERIES`` is shared with the gateway's tests.
"""

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from kit.errors import Unauthorized
from kit.tokens import TokenVerifier, generate_private_key_pem, public_jwk
from tests.conftest import AUDIENCE, ISSUER, KID


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: dict[str, Any]) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def claims_for(sub: str, role: str = "citizen", **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
        "typ": "access",
        "sub": sub,
        "role": role,
        "org": None,
    }
    return {**claims, **changes}


def rs256(private_pem: str, claims: dict[str, Any], kid: str = KID) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    signing_input = f"{segment({'alg': 'RS256', 'typ': 'JWT', 'kid': kid})}.{segment(claims)}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"


def hs256(secret: bytes, claims: dict[str, Any], kid: str = KID) -> str:
    signing_input = f"{segment({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{segment(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def public_pem(private_pem: str) -> bytes:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


OTHER_KEY = generate_private_key_pem()


def _expired(pem: str, sub: str) -> str:
    now = int(time.time())
    return rs256(pem, claims_for(sub, iat=now - 1200, exp=now - 600))


def _wrong_audience(pem: str, sub: str) -> str:
    return rs256(pem, claims_for(sub, aud="otra-api"))


def _wrong_issuer(pem: str, sub: str) -> str:
    return rs256(pem, claims_for(sub, iss="https://evil.example"))


def _alg_none(_pem: str, sub: str) -> str:
    return f"{segment({'alg': 'none', 'typ': 'JWT', 'kid': KID})}.{segment(claims_for(sub))}."


def _hs256_public_pem(pem: str, sub: str) -> str:
    return hs256(public_pem(pem), claims_for(sub))


def _hs256_jwk(*fields: str) -> Callable[[str, str], str]:
    """HMAC keyed with the public JWK's members (``n``, or ``n`` and ``e`` joined)."""

    def forge(pem: str, sub: str) -> str:
        jwk = public_jwk(pem, KID)
        return hs256("".join(jwk[f] for f in fields).encode(), claims_for(sub))

    return forge


def _tampered(pem: str, sub: str) -> str:
    """A genuine signature over a citizen's claims, with the payload swapped to admin."""
    header, _payload, signature = rs256(pem, claims_for(sub)).split(".")
    return f"{header}.{segment(claims_for(sub, role='admin'))}.{signature}"


def _unknown_kid(pem: str, sub: str) -> str:
    return rs256(pem, claims_for(sub), kid="retired-key")


def _foreign_key_same_kid(_pem: str, sub: str) -> str:
    return rs256(OTHER_KEY, claims_for(sub))


def _not_an_access_token(pem: str, sub: str) -> str:
    return rs256(pem, claims_for(sub, typ="refresh"))


def _no_expiry(pem: str, sub: str) -> str:
    claims = claims_for(sub)
    del claims["exp"]
    return rs256(pem, claims)


def _garbage(_pem: str, _sub: str) -> str:
    return "no.es.un-token"


Forgery = Callable[[str, str], str]  # (the real signing key PEM, subject) -> token
FORGERIES: dict[str, tuple[Forgery, str]] = {
    "expired": (_expired, "token_expired"),
    "wrong_audience": (_wrong_audience, "invalid_token"),
    "wrong_issuer": (_wrong_issuer, "invalid_token"),
    "alg_none": (_alg_none, "invalid_token"),
    "hs256_public_pem": (_hs256_public_pem, "invalid_token"),
    "hs256_jwk_n": (_hs256_jwk("n"), "invalid_token"),
    "hs256_jwk_n_e": (_hs256_jwk("n", "e"), "invalid_token"),
    "tampered_payload": (_tampered, "invalid_token"),
    "unknown_kid": (_unknown_kid, "invalid_token"),
    "foreign_key_same_kid": (_foreign_key_same_kid, "invalid_token"),
    "not_an_access_token": (_not_an_access_token, "invalid_token"),
    "no_expiry": (_no_expiry, "invalid_token"),
    "garbage": (_garbage, "invalid_token"),
}


@pytest.fixture
def verifier(jwks: dict[str, Any]) -> TokenVerifier:
    return TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=jwks)


async def test_a_well_formed_token_verifies(verifier, signing_key):
    principal = await verifier.verify(rs256(signing_key, claims_for("u1", "committee", org="SFP")))
    assert (principal.sub, principal.role, principal.org) == ("u1", "committee", "SFP")


async def test_gateway_signer_tokens_verify(verifier, signer):
    token, claims = signer.sign("u2", "client", "SESNA", scope="tracking:read tracking:progress")
    principal = await verifier.verify(token)
    assert principal.is_client and principal.scopes == {"tracking:read", "tracking:progress"}
    assert set(claims) >= {"iss", "aud", "exp", "iat", "jti", "typ", "sub", "role", "org"}


@pytest.mark.parametrize("name", sorted(FORGERIES))
async def test_forgeries_are_refused(verifier, signing_key, name):
    forge, code = FORGERIES[name]
    with pytest.raises(Unauthorized) as refused:
        await verifier.verify(forge(signing_key, "u1"))
    assert refused.value.status_code == 401
    assert refused.value.code == code
    assert refused.value.headers == {"WWW-Authenticate": "Bearer"}


def test_python_jose_uses_the_cryptography_backend():
    from jose import jwk
    from jose.backends.cryptography_backend import CryptographyRSAKey

    assert jwk.RSAKey is CryptographyRSAKey
    assert jwk.get_key("RS256") is CryptographyRSAKey
