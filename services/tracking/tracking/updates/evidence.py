"""Evidence files: type decided by the bytes (never the declared header), size capped,
stored outside the database under ``TRACKING_EVIDENCE_DIR`` by SHA-256."""

import hashlib
import io
import os
import zipfile
from pathlib import Path

from fastapi import UploadFile

from tracking.errors import EvidenceTooLarge, EvidenceTypeRefused

CHUNK = 64 * 1024
ZIP_MEMBERS = {  # Office Open XML: a folder inside the zip names the kind
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OPENDOCUMENT = {  # OpenDocument: the ``mimetype`` member says it
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "text/csv": ".csv",
}


async def read_capped(upload: UploadFile, max_bytes: int) -> bytes:
    """The upload's bytes, refusing (before keeping anything) past ``max_bytes``."""
    buffer = bytearray()
    while chunk := await upload.read(CHUNK):
        buffer += chunk
        if len(buffer) > max_bytes:
            raise EvidenceTooLarge(details={"max_bytes": max_bytes})
    return bytes(buffer)


# The ``mimetype`` member holds a short media type: read at most this much of it, however
# large its header claims it is or it inflates to (a zip bomb stops here).
MIMETYPE_MAX_BYTES = 128
ZIP_MAX_MEMBERS = 10_000


def _declared_mimetype(archive: zipfile.ZipFile) -> str | None:
    if archive.getinfo("mimetype").file_size > MIMETYPE_MAX_BYTES:
        return None
    with archive.open("mimetype") as member:
        raw = member.read(MIMETYPE_MAX_BYTES + 1)
    if len(raw) > MIMETYPE_MAX_BYTES:
        return None
    return raw.decode("ascii", "replace").strip()


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if len(names) > ZIP_MAX_MEMBERS:
                return None
            if "mimetype" in names:
                declared = _declared_mimetype(archive)
                return declared if declared in OPENDOCUMENT else None
            if "[Content_Types].xml" in names:
                for prefix, kind in ZIP_MEMBERS.items():
                    if any(n.startswith(prefix) for n in names):
                        return kind
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, NotImplementedError):
        return None
    return None


def _is_csv(data: bytes, file_name: str) -> bool:
    # CSV has no signature: accept UTF-8 text without NUL bytes named *.csv.
    if not file_name.lower().endswith(".csv") or b"\x00" in data or not data.strip():
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def sniff(data: bytes, file_name: str) -> str:
    """The content type the bytes prove, or 415 ``evidence_type_refused``."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        if kind:
            return kind
    elif _is_csv(data, file_name):
        return "text/csv"
    raise EvidenceTypeRefused()


def safe_name(file_name: str | None) -> str:
    name = Path(file_name or "evidencia").name
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in name).strip(" .")
    return (cleaned or "evidencia")[:200]


class EvidenceStore:
    def __init__(self, root: str) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store the bytes; returns (sha256, whether this call created the file)."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest)
        if target.exists():
            return digest, False
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.part")
        temporary.write_bytes(data)
        os.replace(temporary, target)  # atomic: a reader never sees half a file
        return digest, True

    def discard(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)
