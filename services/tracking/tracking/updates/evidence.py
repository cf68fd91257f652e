"""Evidence files: the type is decided by the bytes (never the declared header) of the
spooled upload. Where files are kept: ``tracking.updates.stores``."""

import codecs
import zipfile
from pathlib import Path
from urllib.parse import quote

from tracking.updates.errors import EvidenceTypeRefused

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


def _zip_kind(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
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
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, NotImplementedError, OSError):
        return None
    return None


def _is_csv(path: Path, file_name: str) -> bool:
    # CSV has no signature: accept UTF-8 text without NUL bytes named *.csv, read in chunks.
    if not file_name.lower().endswith(".csv"):
        return False
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    blank = True
    try:
        with path.open("rb") as source:
            while chunk := source.read(CHUNK):
                if b"\x00" in chunk:
                    return False
                blank = blank and not chunk.strip()
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return not blank


def sniff(path: Path, file_name: str) -> str:
    """The content type the bytes of the file at ``path`` prove, or 415
    ``evidence_type_refused``. Blocking (it reads the file): run it in a thread."""
    with path.open("rb") as source:
        head = source.read(8)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(path)
        if kind:
            return kind
    elif _is_csv(path, file_name):
        return "text/csv"
    raise EvidenceTypeRefused()


def safe_name(file_name: str | None) -> str:
    name = Path(file_name or "evidencia").name
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in name).strip(" .")
    return (cleaned or "evidencia")[:200]


def content_disposition(disposition: str, file_name: str) -> str:
    """``attachment; filename=…`` as Starlette's FileResponse writes it (RFC 6266/5987)."""
    quoted = quote(file_name)
    if quoted != file_name:
        return f"{disposition}; filename*=utf-8''{quoted}"
    return f'{disposition}; filename="{file_name}"'
