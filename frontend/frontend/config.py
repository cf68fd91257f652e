from functools import lru_cache
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class FrontendSettings(BaseSettings):
    """The website holds no data: everything it shows comes from the gateway. Its one secret
    vouches for its visitors' addresses to the gateway."""

    model_config = SettingsConfigDict(env_prefix="FRONTEND_", extra="ignore", env_file=None)

    # Production unless told otherwise (infra/dev.py up sets dev, the tests set test).
    environment: Literal["dev", "test", "production"] = "production"
    log_level: str = "INFO"
    access_log: bool = True
    # Where this process reaches the gateway (inside compose: http://gateway:8000).
    gateway_url: str = "http://127.0.0.1:8000"
    # Where a browser reaches the gateway, for links to the API docs; defaults to gateway_url.
    public_gateway_url: str | None = None
    plan_code: str = "MX-4PA"
    request_timeout_seconds: float = 5.0
    # Dates ("en curso", "concluida") are judged in the country's time zone.
    time_zone: str = "America/Mexico_City"
    # The notice version the gateway expects at registration (GATEWAY_PRIVACY_NOTICE_VERSION).
    privacy_notice_version: str = "2026-01"
    # Public answers are reused this long before revalidating them with If-None-Match.
    cache_fresh_seconds: float = 1.0
    cache_max_entries: int = 512
    # Cookies get ``Secure`` when the site is served over TLS (X-Forwarded-Proto or https).
    force_secure_cookies: bool = False
    # Request bodies: a form, and the multipart evidence upload (the tracking service's own
    # cap, TRACKING_EVIDENCE_MAX_BYTES, is 10 MiB; this leaves room for the other fields).
    form_max_bytes: int = 64 * 1024
    upload_max_bytes: int = 11 * 1024 * 1024
    # The visitor's address (frontend/visitor_address.py): X-Forwarded-For is believed only
    # from these proxies (CIDRs; the TLS proxy), and it reaches the gateway signed with this
    # secret (= GATEWAY_CLIENT_ADDRESS_SECRET; unset: not sent, every visitor shares the
    # website's address at the gateway).
    trusted_proxies: list[str] = ["127.0.0.1/32", "::1/128"]
    client_address_secret: str | None = None

    @property
    def browser_gateway_url(self) -> str:
        return (self.public_gateway_url or self.gateway_url).rstrip("/")


@lru_cache
def get_settings() -> FrontendSettings:
    return FrontendSettings()
