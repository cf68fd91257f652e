"""The evidence store the settings name (``TRACKING_EVIDENCE_STORE``)."""

from tracking.config import TrackingSettings
from tracking.updates.stores import EvidenceStore, LocalEvidenceStore


def build_store(settings: TrackingSettings) -> EvidenceStore:
    """The store ``TRACKING_EVIDENCE_STORE`` names, built from the settings."""
    if settings.evidence_store == "s3":
        from tracking.updates.s3store import S3EvidenceStore  # boto3 only when used

        return S3EvidenceStore.from_settings(settings)
    return LocalEvidenceStore(settings.evidence_dir)
