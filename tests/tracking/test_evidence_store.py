"""The evidence stores against real storage: a folder, and S3 (moto in server mode).

Content-addressed by SHA-256, the checksum verified before a byte is served, nothing half
written ever visible, uploads spooled in chunks with the size cap enforced as they stream."""

import hashlib
import io
import os
from pathlib import Path

import pytest
from botocore.exceptions import EndpointConnectionError
from starlette.datastructures import UploadFile

from tracking.config import TrackingSettings
from tracking.updates.errors import (
    EvidenceCorrupted,
    EvidenceNotFound,
    EvidenceStoreUnavailable,
    EvidenceTooLarge,
)
from tracking.updates.s3store import S3EvidenceStore
from tracking.updates.storage import build_store
from tracking.updates.stores import LocalEvidenceStore

PDF = b"%PDF-1.7\n" + os.urandom(4096) + b"\n%%EOF\n"
MIB = 1024 * 1024


class CountingUpload(UploadFile):
    """An upload that records how much each read asked for (the spool must read chunks)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data), filename="acta.pdf")
        self.reads: list[int] = []

    async def read(self, size: int = -1) -> bytes:
        self.reads.append(size)
        return await super().read(size)


def s3_store(evidence_s3: dict, **overrides) -> S3EvidenceStore:
    store = build_store(TrackingSettings(environment="test", **(evidence_s3 | overrides)))
    assert isinstance(store, S3EvidenceStore)
    return store


async def kept(store, data: bytes, max_bytes: int = 64 * MIB) -> tuple[str, bool]:
    async with store.spool(CountingUpload(data), max_bytes) as spooled:
        assert spooled.sha256 == hashlib.sha256(data).hexdigest()
        return spooled.sha256, await store.keep(spooled)


async def read_back(store, sha256: str) -> list[bytes]:
    source = await store.open_verified(sha256)
    return [chunk async for chunk in store.chunks(source)]


def files_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


async def test_the_s3_store_keeps_a_file_under_its_checksum_and_reads_it_back(evidence_s3):
    store = s3_store(evidence_s3)
    digest, created = await kept(store, PDF)
    _, again = await kept(store, PDF)
    head = store.client.head_object(Bucket=store.bucket, Key=store.key_for(digest))

    assert created is True and again is False  # content-addressed: one object per content
    assert store.key_for(digest) == f"evidence/{digest[:2]}/{digest}"
    assert head["ContentLength"] == len(PDF) and head["Metadata"] == {"sha256": digest}
    assert b"".join(await read_back(store, digest)) == PDF
    assert files_in(Path(evidence_s3["evidence_spool_dir"])) == []  # scratch cleaned up


async def test_a_large_file_goes_up_in_parts_and_comes_back_in_chunks(evidence_s3):
    store = s3_store(evidence_s3, evidence_s3_part_bytes=5 * MIB)
    data = b"%PDF-1.7\n" + os.urandom(11 * MIB)
    upload = CountingUpload(data)
    async with store.spool(upload, 16 * MIB) as spooled:
        await store.keep(spooled)
    head = store.client.head_object(Bucket=store.bucket, Key=store.key_for(spooled.sha256))
    chunks = await read_back(store, spooled.sha256)

    assert max(upload.reads) <= MIB and len(upload.reads) > 10  # spooled in chunks
    assert head["ETag"].strip('"').endswith("-3")  # a completed multipart upload of 3 parts
    assert len(chunks) > 10 and max(map(len, chunks)) <= MIB
    assert b"".join(chunks) == data


async def test_a_tampered_object_is_refused_not_served(evidence_s3):
    store = s3_store(evidence_s3)
    digest, _ = await kept(store, PDF)
    store.client.put_object(Bucket=store.bucket, Key=store.key_for(digest), Body=b"%PDF-falso")

    with pytest.raises(EvidenceCorrupted):
        await store.open_verified(digest)
    with pytest.raises(EvidenceNotFound):
        await store.open_verified("0" * 64)
    _, repaired = await kept(store, PDF)  # uploading the true file again puts it back
    assert repaired is True and b"".join(await read_back(store, digest)) == PDF


async def test_a_multipart_upload_that_fails_midway_leaves_nothing_visible(evidence_s3):
    store = s3_store(evidence_s3, evidence_s3_part_bytes=5 * MIB)
    data = b"%PDF-1.7\n" + os.urandom(11 * MIB)

    def network_drops_after_the_first_part(request, **_):
        if "partNumber=" in request.url and "partNumber=1&" not in request.url + "&":
            raise EndpointConnectionError(endpoint_url=request.url)

    store.client.meta.events.register(
        "before-send.s3.UploadPart", network_drops_after_the_first_part
    )
    with pytest.raises(EvidenceStoreUnavailable):
        await kept(store, data, 16 * MIB)
    listing = store.client.list_objects_v2(Bucket=store.bucket)
    uploads = store.client.list_multipart_uploads(Bucket=store.bucket)

    assert listing.get("KeyCount", 0) == 0  # no object, not even a partial one
    assert uploads.get("Uploads", []) == []  # the multipart upload was aborted
    assert files_in(Path(evidence_s3["evidence_spool_dir"])) == []


async def test_an_upload_past_the_cap_is_refused_while_it_streams(evidence_s3):
    store = s3_store(evidence_s3)
    upload = CountingUpload(PDF + b"0" * (3 * MIB))
    with pytest.raises(EvidenceTooLarge):
        async with store.spool(upload, MIB):
            pytest.fail("an upload past the cap must not be spooled whole")

    assert sum(upload.reads) <= 2 * MIB  # stopped reading soon after the cap
    assert store.client.list_objects_v2(Bucket=store.bucket).get("KeyCount", 0) == 0
    assert files_in(Path(evidence_s3["evidence_spool_dir"])) == []


async def test_an_unreachable_store_is_a_clear_error(evidence_s3):
    store = s3_store(evidence_s3, evidence_s3_endpoint_url="http://127.0.0.1:9")
    with pytest.raises(EvidenceStoreUnavailable):
        await kept(store, PDF)
    with pytest.raises(EvidenceStoreUnavailable):
        await store.open_verified(hashlib.sha256(PDF).hexdigest())


async def test_the_local_store_renames_into_place_and_refuses_a_tampered_file(tmp_path):
    store = LocalEvidenceStore(tmp_path / "evidence")
    digest, created = await kept(store, PDF)
    stored = store.path_for(digest)

    assert created is True
    assert files_in(tmp_path / "evidence") == [stored]  # no spool file left beside it
    assert b"".join(await read_back(store, digest)) == PDF
    stored.write_bytes(PDF[:-1] + b"X")
    with pytest.raises(EvidenceCorrupted):
        await store.open_verified(digest)


async def test_a_local_upload_broken_midway_leaves_nothing(tmp_path):
    store = LocalEvidenceStore(tmp_path / "evidence")

    class BrokenUpload(CountingUpload):
        async def read(self, size: int = -1) -> bytes:
            if len(self.reads) == 2:
                raise ConnectionResetError("the browser went away")
            return await super().read(size)

    with pytest.raises(ConnectionResetError):
        async with store.spool(BrokenUpload(PDF * 200), 64 * MIB) as spooled:
            await store.keep(spooled)

    assert files_in(tmp_path / "evidence") == []
