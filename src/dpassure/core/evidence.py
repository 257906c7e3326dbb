"""Uploaded evidence: what a file really is (from its bytes, never its name), its size, its hash.

Only documents an assessor reviews are accepted: PDF, Word (DOCX), Excel (XLSX), PNG and JPEG.
Files are served back only as attachment downloads with the type found here.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from dpassure.core.documents import DOCX_MIMETYPE

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPTED = "PDF, Word (DOCX), Excel (XLSX), PNG or JPEG"


def max_bytes() -> int:
    return getattr(settings, "DPASSURE_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)


@dataclass(frozen=True)
class Sniffed:
    extension: str
    content_type: str
    size: int
    sha256: str
    file_name: str


def _zip_kind(upload) -> tuple[str, str] | None:
    """A DOCX or XLSX is a zip with a known part; only the directory is read, nothing inflated."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx", DOCX_MIMETYPE
    if "xl/workbook.xml" in names:
        return "xlsx", XLSX_MIMETYPE
    return None


def _kind(head: bytes, upload) -> tuple[str, str] | None:
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def safe_file_name(name: str, extension: str) -> str:
    """The uploader's name without any path, control characters or a misleading extension."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[^\w\- ()&,']+", "-", stem).strip(" .-")[:150] or "evidence"
    return f"{stem}.{extension}"


def sniff(upload) -> Sniffed:
    """Check an uploaded file and describe it, or refuse it with a message for the form."""
    size = upload.size
    if not size:
        raise ValidationError({"file": "The selected file is empty."})
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            {"file": f"The selected file must be smaller than {limit // (1024 * 1024)} MB."}
        )
    upload.seek(0)
    head = upload.read(16)
    kind = _kind(head, upload)
    if kind is None:
        raise ValidationError({"file": f"The selected file must be a {ACCEPTED}."})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
    ):
        digest.update(chunk)
    upload.seek(0)
    extension, content_type = kind
    return Sniffed(
        extension=extension,
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        file_name=safe_file_name(getattr(upload, "name", ""), extension),
    )
