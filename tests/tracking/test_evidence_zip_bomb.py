"""Sniffing an evidence zip reads a bounded amount of it, whatever the archive claims."""

import io
import tracemalloc
import zipfile

import pytest

from tracking.updates.errors import EvidenceTypeRefused
from tracking.updates.evidence import sniff

INFLATED = 64 * 1024 * 1024


def _saved(tmp_path, data: bytes):
    path = tmp_path / "upload"
    path.write_bytes(data)
    return path


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_mimetype_member_that_inflates_to_megabytes_is_not_read_whole(tmp_path):
    odt = b"application/vnd.oasis.opendocument.text"
    bomb = _zip({"mimetype": odt + b" " * INFLATED, "content.xml": b"<x/>"})
    assert len(bomb) < 1_000_000
    path = _saved(tmp_path, bomb)

    tracemalloc.start()
    try:
        with pytest.raises(EvidenceTypeRefused):
            sniff(path, "informe.odt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 8 * 1024 * 1024, peak


def test_a_real_opendocument_is_still_recognised(tmp_path):
    odt = "application/vnd.oasis.opendocument.text"
    data = _zip({"mimetype": odt.encode(), "content.xml": b"<x/>"})
    assert sniff(_saved(tmp_path, data), "informe.odt") == odt
