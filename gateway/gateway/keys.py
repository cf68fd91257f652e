"""The gateway's signing keys and the JWKS document that services verify with."""

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.config import GatewaySettings
from kit.tokens import TokenSigner, TokenVerifier, generate_private_key_pem, public_jwk


@dataclass(frozen=True)
class Keyring:
    signer: TokenSigner
    jwks: dict[str, Any]

    def verifier(self) -> TokenVerifier:
        return TokenVerifier(
            issuer=self.signer.issuer, audience=self.signer.audience, jwks=self.jwks
        )


def _private_pem(settings: GatewaySettings) -> str:
    if settings.signing_key_pem:
        return settings.signing_key_pem
    path = Path(settings.signing_key_file)
    if not path.exists():
        # Dev and test only (production requires GATEWAY_SIGNING_KEY_PEM).
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(generate_private_key_pem())
    return path.read_text()


def load_keyring(settings: GatewaySettings) -> Keyring:
    pem = _private_pem(settings)
    keys = [public_jwk(pem, settings.signing_key_id)]
    if settings.previous_jwks_file:
        previous = json.loads(Path(settings.previous_jwks_file).read_text())
        keys += [k for k in previous.get("keys", []) if k.get("kid") != settings.signing_key_id]
    signer = TokenSigner(
        pem,
        settings.signing_key_id,
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        ttl_seconds=settings.access_token_ttl_seconds,
    )
    return Keyring(signer=signer, jwks={"keys": keys})
