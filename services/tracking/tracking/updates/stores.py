"""Where evidence files are kept: content-addressed by SHA-256, never half written.

An upload is first spooled to a scratch file in chunks (the size cap enforced while it
streams, never the whole file in memory) while its SHA-256 is computed; only then does the
store keep it under its final name, in one step a reader cannot see half of (a rename on
disk, a completed PUT or multipart upload in S3). A read hashes the stored bytes before the
first one is served: a file that no longer matches its checksum is refused, not sent.

``TRACKING_EVIDENCE_STORE`` picks the backend: ``local`` (a folder, the embedded default;
one process or a shared volume) or ``s3`` (any S3-compatible store, ``s3store.py``), which
every replica shares; ``storage.py`` builds the one named."""

import hashlib
import logging
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from anyio import to_thread
from fastapi import UploadFile

from tracking.updates.errors import EvidenceCorrupted, EvidenceNotFound, EvidenceTooLarge

log = logging.getLogger(__name__)
CHUNK = 256 * 1024


@dataclass(frozen=True)
class Spooled:
    """An upload on scratch disk whose checksum and size are known."""

    path: Path
    sha256: str
    size: int


def _write_all(target: BinaryIO, chunk: bytes) -> None:
    target.write(chunk)


def _flush_to_disk(target: BinaryIO) -> None:
    target.flush()
    os.fsync(target.fileno())


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def sha256_of(source: BinaryIO) -> str:
    """The SHA-256 of a file read from its start in chunks; leaves it rewound."""
    digest = hashlib.sha256()
    source.seek(0)
    while chunk := source.read(CHUNK):
        digest.update(chunk)
    source.seek(0)
    return digest.hexdigest()


class EvidenceStore:
    """The interface: ``spool`` an upload, ``keep`` it, ``open_verified`` and ``chunks``."""

    def __init__(self, spool_dir: Path) -> None:
        self.spool_dir = spool_dir
        self.spool_dir.mkdir(parents=True, exist_ok=True)

    @asynccontextmanager
    async def spool(self, upload: UploadFile, max_bytes: int) -> AsyncIterator[Spooled]:
        """The upload copied to a scratch file, refused past ``max_bytes`` while it streams.
        The scratch file is gone when the block ends (``keep`` may have moved it already)."""
        handle, name = tempfile.mkstemp(dir=self.spool_dir, prefix="upload-", suffix=".part")
        path = Path(name)
        try:
            digest, size = hashlib.sha256(), 0
            with os.fdopen(handle, "wb") as target:
                while chunk := await upload.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise EvidenceTooLarge(details={"max_bytes": max_bytes})
                    digest.update(chunk)
                    await to_thread.run_sync(_write_all, target, chunk)
                await to_thread.run_sync(_flush_to_disk, target)
            yield Spooled(path, digest.hexdigest(), size)
        finally:
            _remove(path)  # one unlink: not worth a thread, and it must run when cancelled

    async def keep(self, spooled: Spooled) -> bool:
        """Store the spooled file under its checksum; False when it was already there."""
        raise NotImplementedError

    async def fetch(self, sha256: str) -> BinaryIO | None:
        """The stored bytes as a readable file at offset 0 (not yet verified), or None."""
        raise NotImplementedError

    async def open_verified(self, sha256: str) -> BinaryIO:
        """The stored file, only once its bytes hash to ``sha256`` (500
        ``evidence_integrity_failed`` otherwise; 404 when it is missing)."""
        source = await self.fetch(sha256)
        if source is None:
            raise EvidenceNotFound()
        try:
            actual = await to_thread.run_sync(sha256_of, source)
        except BaseException:
            source.close()
            raise
        if actual != sha256:
            source.close()
            log.error("evidence checksum mismatch", extra={"sha256": sha256, "found": actual})
            raise EvidenceCorrupted()
        return source

    @staticmethod
    async def chunks(source: BinaryIO) -> AsyncIterator[bytes]:
        """A verified file as chunks for a ``StreamingResponse``; closes it at the end."""
        try:
            while chunk := await to_thread.run_sync(source.read, CHUNK):
                yield chunk
        finally:
            source.close()


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


class LocalEvidenceStore(EvidenceStore):
    """A folder: ``<root>/<first two hex digits>/<sha256>``. Uploads spool inside the folder
    (``.spool``) so keeping one is an atomic rename on the same file system."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        super().__init__(self.root / ".spool")

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def _keep(self, spooled: Spooled) -> bool:
        target = self.path_for(spooled.sha256)
        if target.exists() and target.stat().st_size == spooled.size:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(spooled.path, target)  # atomic: a reader never sees half a file
        _sync_folder(target.parent)
        return True

    async def keep(self, spooled: Spooled) -> bool:
        return await to_thread.run_sync(self._keep, spooled)

    def _open(self, sha256: str) -> BinaryIO | None:
        try:
            return self.path_for(sha256).open("rb")
        except FileNotFoundError:
            return None

    async def fetch(self, sha256: str) -> BinaryIO | None:
        # One open file is hashed and then served: a later replacement cannot slip in.
        return await to_thread.run_sync(self._open, sha256)
