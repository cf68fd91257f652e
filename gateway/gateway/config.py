from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from kit.settings import DEV_GATEWAY_SECRET, PLACEHOLDER_SECRETS, KitSettings

DEV_WEBSITE_URL = "http://127.0.0.1:8080"  # dev.py's website (infra/dev_stack.py)


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
    # The secret shared with each service (name -> secret, ``<SERVICE>_GATEWAY_SECRET`` on
    # its side): every proxied request carries a credential made with it
    # (kit.gateway_credential). Required for every service in production; dev and test
    # fall back to the dev default the services also use.
    service_secrets: dict[str, str] = {}
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
    # Mail (gateway/mail/): SMTP when GATEWAY_SMTP_HOST is set (required in production),
    # else the dev mailbox folder. STARTTLS required on the submission port by default;
    # SMTP_TLS for implicit TLS (port 465, STARTTLS then does not apply). Messages leave
    # from the outbox after commit, with retries; after MAIL_MAX_ATTEMPTS (or a permanent
    # refusal) they wait for an admin (GET /api/v1/auth/mail/failures).
    mail_dir: str = "./var/mail"
    mail_from: str = "Cocrea <no-reply@cocrea.local>"
    mail_relay_enabled: bool = True
    mail_max_attempts: int = Field(default=10, ge=1)
    mail_retry_cap_seconds: float = Field(default=300.0, gt=0)
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    smtp_tls: bool = False
    smtp_timeout: float = Field(default=20.0, gt=0)
    # The website's address (https://cocrea.example.org): links in notification e-mails
    # are absolute within it. Required in production; dev and test use the dev website.
    website_url: str = ""
    privacy_notice_version: str = "2026-01"
    # Keys the stored e-mail verification codes (accounts/registration.py). It signs no
    # event any more (each process has its own event key, kit.event_signing).
    internal_secret: str = "dev-secret"  # noqa: S105 (refused outside dev)
    # Keys the voter pseudonym in tokens (docs/AUTH.md) and seals the stored TOTP secrets
    # (accounts/totp.py); changing it re-keys every voter and voids every MFA enrolment.
    pseudonym_secret: str = "dev-pseudonym"  # noqa: S105 (refused outside dev)
    totp_issuer: str = "Cocrea"
    # Failed logins. Per address (any account): a guesser from one address is stopped.
    # Per account *and* address, tiers of growing delay: a guesser waits longer and
    # longer, while the owner, from any other address, is never locked out by a stranger.
    login_limit_per_ip: str = "30/15 minutes"
    login_limits_per_account_address: list[str] = ["5/minute", "10/15 minutes", "20/hour"]
    # Password re-checks of a signed-in person (DELETE /me, POST /me/password).
    password_check_limit_per_account: str = "5/15 minutes"  # noqa: S105 (a rule)
    # Accounts created per client address (only created ones count): a school or a
    # territorial consultation registers many people from one address.
    register_limit_per_ip: str = "30/hour"
    verify_limit_per_ip: str = "30/15 minutes"
    # argon2id hashes at once (64 MiB each): bounds the memory a burst of logins takes.
    password_hash_concurrency: int = Field(default=4, ge=1)
    # Where the caller's address comes from (gateway/client_address.py): X-Forwarded-For
    # is believed only from these proxies (CIDRs; the TLS proxy / ingress), and the
    # website's signed X-Cocrea-Client-Address only with this secret (shared with
    # FRONTEND_CLIENT_ADDRESS_SECRET; unset: never believed).
    trusted_proxies: list[str] = ["127.0.0.1/32", "::1/128"]
    client_address_secret: str = ""

    def secret_fields(self) -> dict[str, str]:
        secrets = {
            **super().secret_fields(),
            "internal_secret": self.internal_secret,
            "pseudonym_secret": self.pseudonym_secret,
        }
        if self.client_address_secret:
            secrets["client_address_secret"] = self.client_address_secret
        return secrets

    def service_secret(self, service: str) -> str:
        secret = self.service_secrets.get(service)
        if secret is None and self.environment in ("dev", "test"):
            return DEV_GATEWAY_SECRET
        return secret or ""

    def website_base_url(self) -> str:
        if not self.website_url and self.environment in ("dev", "test"):
            return DEV_WEBSITE_URL
        return self.website_url

    @model_validator(mode="after")
    def _production_needs_the_website_url(self) -> "GatewaySettings":
        if self.environment in ("dev", "test"):
            return self
        if not self.website_url.startswith(("https://", "http://")):
            raise ValueError(
                "GATEWAY_WEBSITE_URL is required outside dev and test (the website's "
                "address, e.g. https://cocrea.example.org: e-mailed links point into it)"
            )
        return self

    @model_validator(mode="after")
    def _production_needs_a_key(self) -> "GatewaySettings":
        if self.environment == "production" and not self.signing_key_pem:
            raise ValueError("GATEWAY_SIGNING_KEY_PEM is required in production")
        return self

    @model_validator(mode="after")
    def _production_needs_service_secrets(self) -> "GatewaySettings":
        if self.environment in ("dev", "test"):
            return self
        weak = [
            name
            for name in self.service_urls
            if self.service_secret(name).strip().lower() in PLACEHOLDER_SECRETS
            or len(self.service_secret(name)) < 16
        ]
        if weak:
            raise ValueError(
                "GATEWAY_SERVICE_SECRETS needs a real secret of at least 16 characters for "
                f"each service (the one set as <SERVICE>_GATEWAY_SECRET there): {', '.join(weak)}"
            )
        return self


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
