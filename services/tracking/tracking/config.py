from functools import lru_cache
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class TrackingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TRACKING_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./var/tracking.sqlite3"
    # Evidence files live outside the database, content-addressed by SHA-256
    # (tracking/updates/stores.py): ``local`` keeps them in ``evidence_dir`` (one process or
    # a shared volume); ``s3`` in a bucket every replica shares (docs/RUNBOOK.md).
    evidence_store: Literal["local", "s3"] = "local"
    evidence_dir: str = "./var/evidence"
    # Scratch for uploads and downloads in flight with ``s3`` (default: the system temp
    # folder). The local store spools inside ``evidence_dir`` so its rename stays atomic.
    evidence_spool_dir: str | None = None
    evidence_s3_bucket: str | None = None
    evidence_s3_endpoint_url: str | None = None  # unset: AWS S3 itself
    evidence_s3_region: str | None = None
    # Unset: boto3's credential chain (environment, web identity, instance profile).
    evidence_s3_access_key_id: str | None = None
    evidence_s3_secret_access_key: SecretStr | None = None
    evidence_s3_prefix: str = "evidence/"
    evidence_s3_addressing_style: Literal["path", "virtual", "auto"] = "path"
    # Files larger than this go up as a multipart upload of parts this size (S3: >= 5 MiB).
    evidence_s3_part_bytes: int = 8 * 1024 * 1024
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
    # Seals the agencies' webhook secrets at rest (webhooks/service.py); changing it voids
    # every stored webhook secret. It signs no event (kit.event_signing).
    internal_secret: str = "dev-secret"  # noqa: S105 (refused outside dev)

    def secret_fields(self) -> dict[str, str]:
        return super().secret_fields() | {"internal_secret": self.internal_secret}

    @model_validator(mode="after")
    def _s3_needs_a_bucket(self) -> "TrackingSettings":
        if self.evidence_store == "s3" and not self.evidence_s3_bucket:
            raise ValueError("TRACKING_EVIDENCE_STORE=s3 needs TRACKING_EVIDENCE_S3_BUCKET")
        if self.evidence_s3_part_bytes < 5 * 1024 * 1024:
            raise ValueError("TRACKING_EVIDENCE_S3_PART_BYTES must be at least 5 MiB (S3)")
        return self

    @property
    def webhooks_may_target_private(self) -> bool:
        if self.webhook_allow_private_targets is not None:
            return self.webhook_allow_private_targets
        return self.environment != "production"


@lru_cache
def get_settings() -> TrackingSettings:
    return TrackingSettings()
