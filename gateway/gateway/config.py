from functools import lru_cache
from typing import Literal

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from kit.settings import KitSettings


class GatewaySettings(KitSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./var/gateway.sqlite3"
    public_url: str = "http://127.0.0.1:8000"
    # Signing key: a PEM in the environment (production) or a file (dev creates one).
    signing_key_pem: str | None = None
    signing_key_file: str = "./var/keys/gateway-signing.pem"
    signing_key_id: str = "k1"
    # Public keys still accepted after a rotation (JWKS JSON file), so nobody is logged out.
    previous_jwks_file: str | None = None
    access_token_ttl_seconds: int = 600
    # How soon another gateway replica refuses tokens cut off elsewhere (gateway/cutoffs.py).
    access_cutoff_poll_seconds: float = 2.0
    refresh_token_ttl_days: int = 30
    # A session ends this long after its login, however often it is refreshed.
    session_max_days: int = 60
    # A staff member's temporary password opens nothing after this (accounts/lifetimes.py).
    temporary_password_ttl_hours: int = 72
    # Upstream services (name -> base URL); the route table maps /api/v1/<name>/... to them.
    service_urls: dict[str, str] = {
        "consultation": "http://127.0.0.1:8101",
        "roadmaps": "http://127.0.0.1:8102",
        "tracking": "http://127.0.0.1:8103",
    }
    # Where the gateway's own events go (account deletions); same services, by name.
    event_destinations: dict[str, str] = {
        "consultation": "http://127.0.0.1:8101",
        "roadmaps": "http://127.0.0.1:8102",
        "tracking": "http://127.0.0.1:8103",
    }
    proxy_timeout_seconds: float = 15.0
    proxy_connect_timeout_seconds: float = 3.0
    max_body_bytes: int = 1_048_576
    # Public GETs the service marks cacheable are kept this long at most (gateway/cache.py).
    public_cache_seconds: float = 1.0
    # aiohttp's client, or httpx with its own transport (gateway/upstream.py; the aiohttp
    # client is measured faster: docs/PERFORMANCE.md).
    proxy_transport: Literal["aiohttp", "httpx"] = "aiohttp"
    # Rate limits and login throttles: memory when unset, Redis when set.
    redis_url: str | None = None
    # Accounts.
    email_verification_required: bool = True
    mail_dir: str = "./var/mail"
    privacy_notice_version: str = "2026-01"
    # Keys the voter pseudonym in tokens (docs/AUTH.md) and seals the stored TOTP secrets
    # (accounts/totp.py); changing it re-keys every voter and voids every MFA enrolment.
    pseudonym_secret: str = "dev-pseudonym"  # noqa: S105 (refused outside dev)
    totp_issuer: str = "Cocrea"
    login_limit_per_account: str = "5/15 minutes"
    login_limit_per_ip: str = "30/15 minutes"
    register_limit_per_ip: str = "10/hour"

    def secret_fields(self) -> dict[str, str]:
        return {**super().secret_fields(), "pseudonym_secret": self.pseudonym_secret}

    @model_validator(mode="after")
    def _production_needs_a_key(self) -> "GatewaySettings":
        if self.environment == "production" and not self.signing_key_pem:
            raise ValueError("GATEWAY_SIGNING_KEY_PEM is required in production")
        return self


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
