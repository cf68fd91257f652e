"""Access tokens: RS256 JWTs signed by the gateway and verified by every service.

This is the only module that imports python-jose. The algorithm is pinned on verify (the
header's ``alg`` is never trusted), and issuer, audience, expiry and token type are checked.
"""

import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt
from jose.exceptions import ExpiredSignatureError, JOSEError

from kit.errors import Unauthorized

ALGORITHM = "RS256"
ACCESS_TOKEN_TYPE = "access"  # noqa: S105 (a claim value, not a secret)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a person (citizen or staff) or an agency API client."""

    sub: str
    role: str
    org: str | None = None
    jti: str = ""
    scopes: frozenset[str] = field(default_factory=frozenset)
    claims: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_client(self) -> bool:
        return self.role == "client"


def generate_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_jwk(private_pem: str, kid: str) -> dict[str, Any]:
    """The public half of a signing key, as a JWK for the JWKS document."""
    private = serialization.load_pem_private_key(private_pem.encode(), password=None)
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    data = jwk.construct(public_pem, ALGORITHM).to_dict()
    data = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in data.items()}
    data.update(kid=kid, use="sig", alg=ALGORITHM)
    return data


class TokenSigner:
    def __init__(
        self, private_pem: str, kid: str, *, issuer: str, audience: str, ttl_seconds: int = 600
    ) -> None:
        # Parsed once: loading a PEM costs tens of milliseconds, signing with the key does not.
        self._private_key = jwk.construct(private_pem, ALGORITHM)
        self.kid = kid
        self.issuer = issuer
        self.audience = audience
        self.ttl_seconds = ttl_seconds

    def sign(
        self, sub: str, role: str, org: str | None = None, **extra: Any
    ) -> tuple[str, dict[str, Any]]:
        issued = time.time()
        now = int(issued)
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            # ``iat`` in milliseconds: orders a token against a session cutoff made within
            # the same second (gateway/cutoffs.py).
            "iat_ms": int(issued * 1000),
            "exp": now + self.ttl_seconds,
            "jti": uuid.uuid4().hex,
            "typ": ACCESS_TOKEN_TYPE,
            "sub": sub,
            "role": role,
            "org": org,
            **extra,
        }
        token = jwt.encode(
            claims, self._private_key, algorithm=ALGORITHM, headers={"kid": self.kid}
        )
        return token, claims


class TokenVerifier:
    """Verifies bearer tokens against a JWKS (a dict, a file, or the gateway's URL)."""

    REFRESH_INTERVAL = 30.0
    CACHE_SIZE = 10_000

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks: dict[str, Any] | None = None,
        jwks_url: str | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.jwks_url = jwks_url
        self._http = http
        self._keys: dict[str, Any] = {}  # kid -> parsed public key
        self._fetched_at = 0.0
        # Verified tokens until they expire: one person sends many requests with one token,
        # and an RSA verification per request is the gateway's largest fixed cost.
        self._verified: dict[str, Principal] = {}
        if jwks:
            self.load_jwks(jwks)

    @classmethod
    def from_settings(cls, settings: Any, http: httpx.AsyncClient | None = None) -> "TokenVerifier":
        jwks = json.loads(Path(settings.jwks_file).read_text()) if settings.jwks_file else None
        return cls(
            issuer=settings.token_issuer,
            audience=settings.token_audience,
            jwks=jwks,
            jwks_url=None if jwks else settings.jwks_url,
            http=http,
        )

    def load_jwks(self, jwks: dict[str, Any]) -> None:
        self._keys = {
            k["kid"]: jwk.construct(k, ALGORITHM)
            for k in jwks.get("keys", [])
            if k.get("kty") == "RSA" and k.get("kid")
        }
        self._verified = {}  # a key that left the JWKS must stop validating its tokens

    async def _refresh(self) -> None:
        if not self.jwks_url or time.monotonic() - self._fetched_at < self.REFRESH_INTERVAL:
            return
        self._fetched_at = time.monotonic()
        client = self._http or httpx.AsyncClient(timeout=5)
        try:
            response = await client.get(self.jwks_url)
            response.raise_for_status()
            self.load_jwks(response.json())
        except (httpx.HTTPError, ValueError):
            pass  # keep the keys we had; an unknown kid is then refused below
        finally:
            if self._http is None:
                await client.aclose()

    async def verify(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None and cached.claims["exp"] > time.time():
            return cached
        principal = await self._verify(token)
        if len(self._verified) >= self.CACHE_SIZE:
            now = time.time()
            self._verified = {t: p for t, p in self._verified.items() if p.claims["exp"] > now}
            if len(self._verified) >= self.CACHE_SIZE:
                self._verified.clear()
        self._verified[token] = principal
        return principal

    async def _verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except JOSEError:
            raise Unauthorized("El token no es válido.", code="invalid_token") from None
        if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
            raise Unauthorized("El token no es válido.", code="invalid_token")
        kid = header.get("kid")
        if not isinstance(kid, str):  # a list or an object is no key id (and unhashable)
            raise Unauthorized("El token no es válido.", code="invalid_token")
        if kid not in self._keys:
            await self._refresh()
        key = self._keys.get(kid)
        if key is None:
            raise Unauthorized("El token no es válido.", code="invalid_token")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={
                    "require_exp": True,
                    "require_iat": True,
                    "require_jti": True,
                    "require_sub": True,
                    "require_aud": True,
                    "require_iss": True,
                },
            )
        except ExpiredSignatureError:
            raise Unauthorized(
                "Tu sesión expiró; inicia sesión de nuevo.", code="token_expired"
            ) from None
        except JOSEError:
            raise Unauthorized("El token no es válido.", code="invalid_token") from None
        if claims.get("typ") != ACCESS_TOKEN_TYPE or not _well_typed(claims):
            raise Unauthorized("El token no es válido.", code="invalid_token")
        scopes = frozenset(str(claims.get("scope") or "").split())
        return Principal(
            sub=str(claims["sub"]),
            role=str(claims["role"]),
            org=claims.get("org"),
            jti=str(claims["jti"]),
            scopes=scopes,
            claims=claims,
        )


# Claims the gateway and the services read, with the types they rely on.
_TEXT_CLAIMS = ("sub", "role", "jti")
_OPTIONAL_TEXT_CLAIMS = ("org", "scope", "name", "voter_key")


def _well_typed(claims: Any) -> bool:
    """A token signed by a valid key can still carry a claim of the wrong type (an old or
    buggy issuer): refused here instead of failing later as a 500."""
    if not isinstance(claims, dict):
        return False
    if not all(isinstance(claims.get(k), str) and claims[k] for k in _TEXT_CLAIMS):
        return False
    if not all(isinstance(claims.get(k), str | None) for k in _OPTIONAL_TEXT_CLAIMS):
        return False
    numbers_ok = all(
        isinstance(claims.get(k), int | float) and not isinstance(claims.get(k), bool)
        for k in ("exp", "iat")
    )
    amr = claims.get("amr", [])
    return numbers_ok and isinstance(amr, list) and all(isinstance(m, str) for m in amr)
