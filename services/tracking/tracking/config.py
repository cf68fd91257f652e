from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class TrackingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TRACKING_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./var/tracking.sqlite3"
    # Evidence files live outside the database, content-addressed by SHA-256.
    evidence_dir: str = "./var/evidence"
    evidence_max_bytes: int = 10 * 1024 * 1024
    evidence_max_files: int = 10
    # Computed dashboards kept in memory, one per plan, version and filter set.
    dashboard_cache_entries: int = 64
    filtered_cache_entries: int = 16
    public_max_age_seconds: int = 30
    # How long a plan's change counter is trusted without re-reading it (other replicas'
    # changes show within this; this process's own changes show at once).
    version_ttl_seconds: float = 1.0
    # Webhooks to loopback, private or internal addresses (tracking/webhooks/targets.py):
    # refused in production unless set to true; allowed elsewhere unless set to false.
    webhook_allow_private_targets: bool | None = None

    @property
    def webhooks_may_target_private(self) -> bool:
        if self.webhook_allow_private_targets is not None:
            return self.webhook_allow_private_targets
        return self.environment != "production"


@lru_cache
def get_settings() -> TrackingSettings:
    return TrackingSettings()
