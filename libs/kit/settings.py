"""Settings base: every process reads its configuration from the environment.

The environment defaults to ``production``: a process started with nothing set is a
production process, so the conveniences of ``dev``/``test`` (the dev mailbox, the built-in
dev secrets, webhooks to private addresses, an open ``/metrics``) are on only where
someone asked for them (``infra/dev.py up`` sets ``dev``, the test suite sets ``test``).
In production a missing, placeholder or short secret refuses to start the process with a
message naming the variable to set, so a deployment can never run on a value copied from
an example file or on the built-in dev default.
"""

import ipaddress
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kit.event_signing import PRODUCERS, EventSigner, EventVerifier, InvalidEventKey

# What a service and the gateway share by default in dev and test (kit.gateway_credential).
DEV_GATEWAY_SECRET = "dev-gateway-secret"  # noqa: S105 (refused outside dev)
PLACEHOLDER_SECRETS = frozenset(
    {"", "changeme", "change-me", "changethis", "secret", "dev", "dev-secret", "password", "test"}
    | {DEV_GATEWAY_SECRET}
)


class KitSettings(BaseSettings):
    """Fields every process has; subclasses set ``env_prefix`` (``CONSULTATION_`` …)."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    environment: Literal["dev", "test", "production"] = "production"
    database_url: str = "sqlite+aiosqlite:///./var/db.sqlite3"
    # PostgreSQL connections per process: the ORM pool (size + overflow) plus, for the
    # one-statement hot paths, a plain asyncpg pool (opened only where one is used).
    # No overflow by default: past the pool, a request waits for a connection instead of
    # opening one that is closed again when returned (under 32 concurrent reads that churn
    # was a connect, an SSL attempt and a new PostgreSQL backend per request; issue 17),
    # and a process never holds more than ``pool_size`` (+ statement pool) connections.
    database_pool_size: int = Field(default=20, ge=1)
    database_max_overflow: int = Field(default=0, ge=0)
    database_statement_pool_size: int = Field(default=16, ge=1)
    log_level: str = "INFO"
    # Event deliveries (kit.event_signing): this process's own Ed25519 private key (PEM
    # or base64 raw), and the public keys of every producer (JSON: {"roadmaps": ["<base64
    # raw or PEM>", …], …}; several per producer during a rotation). Both required in
    # production; in dev/test infra/dev_stack.py and the test fixtures generate them.
    event_signing_key: SecretStr | None = None
    event_public_keys: dict[str, list[str]] = {}
    # Token verification: the gateway's JWKS URL, or a JWKS JSON file for tests/offline.
    jwks_url: str = "http://127.0.0.1:8000/.well-known/jwks.json"
    jwks_file: str | None = None
    # In production the JWKS URL must be https, but for loopback and for this one host,
    # named on purpose: the gateway's in-cluster name (compose and Kubernetes: "gateway"),
    # reached over the cluster's own network, which the NetworkPolicy limits.
    jwks_http_host: str | None = None
    token_issuer: str = "cocrea-gateway"  # noqa: S105
    token_audience: str = "cocrea-api"  # noqa: S105
    # The outbox relay delivers this process's events; destinations are name -> base URL.
    relay_enabled: bool = True
    relay_poll_seconds: float = 1.0
    event_destinations: dict[str, str] = {}
    access_log: bool = True
    # Bearer token Prometheus sends to GET /metrics (kit.metrics); unset: dev/test only.
    metrics_token: str | None = None

    def secret_fields(self) -> dict[str, str]:
        """Secrets checked against placeholders; subclasses add theirs."""
        return {}

    def _prefix(self) -> str:
        return str(self.model_config.get("env_prefix", "")).upper()

    @model_validator(mode="after")
    def _event_keys_are_keys(self) -> "KitSettings":
        try:
            self.event_signer()
            self.event_verifier()
        except InvalidEventKey as exc:
            prefix = self._prefix()
            raise ValueError(
                f"{prefix}EVENT_SIGNING_KEY or {prefix}EVENT_PUBLIC_KEYS holds a bad key: {exc}"
            ) from None
        return self

    def event_signer(self) -> EventSigner:
        """This process's signer; dev/test without a key sign with a throw-away one."""
        if self.event_signing_key is None:
            return EventSigner.ephemeral()
        return EventSigner(self.event_signing_key.get_secret_value())

    def event_verifier(self) -> EventVerifier:
        return EventVerifier(self.event_public_keys)

    def _missing_event_keys(self) -> list[str]:
        prefix = self._prefix()
        problems = []
        if self.event_signing_key is None:
            problems.append(
                f"{prefix}EVENT_SIGNING_KEY is required in production: this process's own "
                "Ed25519 private key (python -m kit.event_signing new; docs/RUNBOOK.md)"
            )
        missing = [name for name in PRODUCERS if not self.event_public_keys.get(name)]
        if missing:
            problems.append(
                f"{prefix}EVENT_PUBLIC_KEYS is required in production with the public keys "
                f"of every producer; missing: {', '.join(missing)}"
            )
        return problems

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> "KitSettings":
        if self.environment in ("dev", "test"):
            return self
        prefix = self._prefix()
        problems = []
        weak = [
            name
            for name, value in self.secret_fields().items()
            if value.strip().lower() in PLACEHOLDER_SECRETS or len(value) < 16
        ]
        if weak:
            names = ", ".join(f"{prefix}{name.upper()}" for name in sorted(weak))
            problems.append(
                f"placeholder or short secrets are refused outside dev: set {names} to a "
                "real secret of at least 16 characters"
            )
        problems += self._missing_event_keys()
        if problems:
            raise ValueError(
                "; ".join(problems) + f" (or set {prefix}ENVIRONMENT=dev for local development)"
            )
        return self

    @model_validator(mode="after")
    def _jwks_over_https(self) -> "KitSettings":
        if self.environment in ("dev", "test") or self.jwks_file:
            return self
        url = urlsplit(self.jwks_url)
        host = (url.hostname or "").lower()
        if url.scheme == "https" and host:
            return self
        if url.scheme == "http" and host and (_loopback(host) or host == self._http_host()):
            return self
        prefix = str(self.model_config.get("env_prefix", "")).upper()
        raise ValueError(
            f"{prefix}JWKS_URL must use https in production (got {self.jwks_url!r}); plain "
            f"http is allowed only to loopback or to the host named in {prefix}JWKS_HTTP_HOST "
            "(the gateway's in-cluster name)"
        )

    def _http_host(self) -> str | None:
        return self.jwks_http_host.strip().lower() if self.jwks_http_host else None

    @property
    def is_dev(self) -> bool:
        return self.environment == "dev"


class ServiceSettings(KitSettings):
    """Settings of a service behind the gateway (consultation, roadmaps, tracking)."""

    # The secret this service shares with the gateway only: it answers requests that carry
    # the gateway's credential made with it (kit.gateway_credential). One per service.
    gateway_secret: str = DEV_GATEWAY_SECRET

    def secret_fields(self) -> dict[str, str]:
        return super().secret_fields() | {"gateway_secret": self.gateway_secret}


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
