"""Evidence in an S3-compatible bucket (MinIO, AWS S3, Ceph RGW…), shared by every replica.

Keys are ``<TRACKING_EVIDENCE_S3_PREFIX><first two hex digits>/<sha256>``. An object is
written only after its checksum is known, from the spooled file, to its final key: a single
PUT, or past ``TRACKING_EVIDENCE_S3_PART_BYTES`` a multipart upload, which S3 shows only once
completed and which boto3 aborts when a part fails. Reads download into an unnamed scratch
file in chunks, which the base class hashes before serving. boto3 blocks, so every call runs
in a worker thread."""

import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import boto3
from anyio import to_thread
from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tracking.config import TrackingSettings
from tracking.updates.errors import EvidenceStoreUnavailable
from tracking.updates.stores import EvidenceStore, Spooled

FAILURES = (BotoCoreError, ClientError, S3UploadFailedError)
MISSING = {"404", "NoSuchKey", "NotFound"}


def s3_client(settings: TrackingSettings) -> Any:
    """A thread-safe S3 client. Without an access key, boto3's own chain (environment,
    web identity in Kubernetes, instance profile) supplies the credentials."""
    secret = settings.evidence_s3_secret_access_key
    config = Config(
        s3={"addressing_style": settings.evidence_s3_addressing_style},
        # Checksums only where S3 requires them: several S3-compatible stores reject the
        # CRC headers newer boto3 adds by default. Integrity is our own SHA-256 anyway.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=5,
        read_timeout=30,
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=settings.evidence_s3_endpoint_url,
        region_name=settings.evidence_s3_region,
        aws_access_key_id=settings.evidence_s3_access_key_id,
        aws_secret_access_key=secret.get_secret_value() if secret else None,
        config=config,
    )


def _missing(exc: ClientError) -> bool:
    return str(exc.response.get("Error", {}).get("Code")) in MISSING


class S3EvidenceStore(EvidenceStore):
    def __init__(
        self, client: Any, bucket: str, *, prefix: str, spool_dir: Path, part_bytes: int
    ) -> None:
        super().__init__(spool_dir)
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.transfer = TransferConfig(
            multipart_threshold=part_bytes, multipart_chunksize=part_bytes, max_concurrency=4
        )

    @classmethod
    def from_settings(cls, settings: TrackingSettings) -> "S3EvidenceStore":
        spool = settings.evidence_spool_dir or str(Path(tempfile.gettempdir()) / "evidence")
        return cls(
            s3_client(settings),
            settings.evidence_s3_bucket or "",
            prefix=settings.evidence_s3_prefix,
            spool_dir=Path(spool),
            part_bytes=settings.evidence_s3_part_bytes,
        )

    def key_for(self, sha256: str) -> str:
        return f"{self.prefix}{sha256[:2]}/{sha256}"

    def _already_kept(self, key: str, spooled: Spooled) -> bool:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                return False
            raise
        same_size = int(head["ContentLength"]) == spooled.size
        return same_size and head.get("Metadata", {}).get("sha256") == spooled.sha256

    def _keep(self, spooled: Spooled) -> bool:
        key = self.key_for(spooled.sha256)
        if self._already_kept(key, spooled):
            return False
        self.client.upload_file(
            str(spooled.path),
            self.bucket,
            key,
            ExtraArgs={
                "ContentType": "application/octet-stream",
                "Metadata": {"sha256": spooled.sha256},
            },
            Config=self.transfer,
        )
        return True

    async def keep(self, spooled: Spooled) -> bool:
        try:
            return await to_thread.run_sync(self._keep, spooled)
        except FAILURES as exc:
            raise EvidenceStoreUnavailable() from exc

    def _download(self, sha256: str) -> BinaryIO | None:
        target = tempfile.TemporaryFile(dir=self.spool_dir)  # unnamed: gone when closed
        try:
            self.client.download_fileobj(
                self.bucket, self.key_for(sha256), target, Config=self.transfer
            )
        except ClientError as exc:
            target.close()
            if _missing(exc):
                return None
            raise
        except BaseException:
            target.close()
            raise
        target.seek(0)
        return target

    async def fetch(self, sha256: str) -> BinaryIO | None:
        try:
            return await to_thread.run_sync(self._download, sha256)
        except FAILURES as exc:
            raise EvidenceStoreUnavailable() from exc
