"""Two tracking replicas on one database and one bucket (moto in server mode): evidence
uploaded through one is served by the other, byte for byte; a corrupted object is refused;
a failed upload leaves neither a row nor an object."""

import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Databases, migrate, running, service_settings
from tests.tracking.conftest import CSO, GOV, tracked_commitment
from tests.tracking.test_updates import submit, validate
from tracking.config import TrackingSettings
from tracking.main import create_app

PDF = b"%PDF-1.7\n" + os.urandom(200_000) + b"\n%%EOF\n"


@pytest.fixture
def replicas(databases: Databases, jwks_file: str, evidence_s3: dict, tmp_path: Path):
    """``async with replicas(**overrides) as (a, b)``: two apps, their own scratch folders,
    one database and one bucket; nothing on a local disk is shared between them."""

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[tuple[httpx.AsyncClient, ...]]:
        url = await databases.new("tracking")
        await migrate("tracking", url)
        apps = []
        for name in ("a", "b"):
            values = evidence_s3 | {
                "evidence_spool_dir": str(tmp_path / f"spool-{name}"),
                "evidence_dir": str(tmp_path / f"unused-{name}"),
                "evidence_max_bytes": 1024 * 1024,
            }
            settings = service_settings(TrackingSettings, url, jwks_file, **(values | overrides))
            apps.append(create_app(settings))
        async with running(apps[0]) as a, running(apps[1]) as b:
            a.app, b.app = apps  # type: ignore[attr-defined]
            yield a, b

    return start


async def upload(client, token_for, update_id: str, data: bytes = PDF) -> httpx.Response:
    return await client.post(
        f"/updates/{update_id}/evidence",
        files={"file": ("acta.pdf", data, "application/pdf")},
        headers=token_for("government", sub=GOV),
    )


def bucket_keys(app) -> list[str]:
    store = app.state.evidence_store
    listing = store.client.list_objects_v2(Bucket=store.bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


async def test_a_file_uploaded_through_one_replica_is_served_by_the_other(replicas, token_for):
    async with replicas() as (a, b):
        await tracked_commitment(a)
        update_id = (await submit(a, token_for)).json()["id"]
        uploaded = await upload(a, token_for, update_id)
        await validate(b, token_for("cso", sub=CSO), update_id)
        await validate(b, token_for("committee"), update_id)
        url = uploaded.json()["url"]
        from_b, from_a = await b.get(url), await a.get(url)

        digest = hashlib.sha256(PDF).hexdigest()
        assert uploaded.status_code == 201, uploaded.text
        assert bucket_keys(a.app) == [f"evidence/{digest[:2]}/{digest}"]
        assert from_b.status_code == 200, from_b.text
        assert from_b.content == PDF and from_a.content == PDF  # byte-identical
        assert from_b.headers["x-checksum-sha256"] == digest
        assert from_b.headers["content-length"] == str(len(PDF))
        assert from_b.headers["content-type"] == "application/pdf"
        assert 'filename="acta.pdf"' in from_b.headers["content-disposition"]
        for name in ("a", "b"):  # the scratch folders hold nothing once answers are sent
            spool = Path(a.app.state.settings.evidence_spool_dir).parent / f"spool-{name}"
            assert [p for p in spool.rglob("*") if p.is_file()] == []


async def test_a_corrupted_object_is_refused_by_every_replica(replicas, token_for):
    async with replicas() as (a, b):
        await tracked_commitment(a)
        update_id = (await submit(a, token_for)).json()["id"]
        url = (await upload(a, token_for, update_id)).json()["url"]
        store = a.app.state.evidence_store
        [key] = bucket_keys(a.app)
        store.client.put_object(Bucket=store.bucket, Key=key, Body=PDF[:-2] + b"!!")
        committee = token_for("committee")
        answers = [await b.get(url, headers=committee), await a.get(url, headers=committee)]

        for answer in answers:
            assert answer.status_code == 500
            assert answer.json()["error"]["code"] == "evidence_integrity_failed"
            assert b"!!" not in answer.content


async def test_a_failed_upload_leaves_no_row_and_no_object(replicas, token_for):
    async with replicas(evidence_s3_bucket="no-such-bucket") as (a, b):
        await tracked_commitment(a)
        update_id = (await submit(a, token_for)).json()["id"]
        failed = await upload(a, token_for, update_id)
        detail = await b.get(f"/updates/{update_id}", headers=token_for("committee"))

        assert failed.status_code == 503
        assert failed.json()["error"]["code"] == "evidence_store_unavailable"
        assert detail.json()["evidence"] == []
        spool = Path(a.app.state.settings.evidence_spool_dir)
        assert [p for p in spool.rglob("*") if p.is_file()] == []
