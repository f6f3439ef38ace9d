"""What an uploaded file really is, judged from its bytes rather than its name or declared type."""

import zipfile
from typing import IO

import puremagic

from onedoor.licences.choices import UploadType

# Enough of the head for every signature puremagic knows for the accepted types.
SNIFF_BYTES = 8192

_ZIP_MAGIC = b"PK\x03\x04"

# Declared types that say nothing about the content: they never contradict it.
_UNINFORMATIVE = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}

# Declared types clients commonly send for each accepted type.
_DECLARED_ALIASES: dict[str, set[str]] = {
    UploadType.PDF: {"application/pdf", "application/x-pdf", "application/acrobat"},
    UploadType.JPEG: {"image/jpeg", "image/jpg", "image/pjpeg"},
    UploadType.PNG: {"image/png", "image/x-png"},
    UploadType.OFD: {"application/ofd", "application/zip", "application/x-zip-compressed"},
}

EXTENSIONS: dict[str, str] = {
    UploadType.PDF: ".pdf",
    UploadType.JPEG: ".jpg",
    UploadType.PNG: ".png",
    UploadType.OFD: ".ofd",
}


def sniff_upload_type(head: bytes, stream: IO[bytes]) -> str | None:
    """The accepted type the bytes are (an ``UploadType`` value), or None.

    ``head`` is the file's first bytes; ``stream`` the whole file, read only for zip-based OFD
    (GB/T 33190), which is a zip whose root holds ``OFD.xml``.
    """
    if head.startswith(_ZIP_MAGIC):
        return UploadType.OFD if _is_ofd(stream) else None
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None
    for match in sorted(matches, key=lambda m: -m.confidence):
        if match.mime_type in (UploadType.PDF, UploadType.JPEG, UploadType.PNG):
            return str(match.mime_type)
    return None


def _is_ofd(stream: IO[bytes]) -> bool:
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            return "OFD.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        stream.seek(0)


def declared_type_agrees(declared: str | None, sniffed: str) -> bool:
    """Whether the content type the client declared is compatible with the sniffed one."""
    declared = (declared or "").split(";", 1)[0].strip().lower()
    return declared in _UNINFORMATIVE or declared in _DECLARED_ALIASES.get(sniffed, {sniffed})
