"""Checks of uploaded files before anything reads them: what they are by their first bytes,
how big they are, and how big a zip file (an .xlsx) becomes once unpacked.

Pure functions over bytes and sizes; the apps that take uploads turn ``UploadRefused`` into
a form error or their own error with the same message.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from lms.formatting import format_number


@dataclass(frozen=True)
class Kind:
    """A file type recognised by its signature: the MIME type served and the usual suffix."""

    name: str
    content_type: str
    suffix: str


PDF = Kind("PDF", "application/pdf", ".pdf")
PNG = Kind("PNG", "image/png", ".png")
JPEG = Kind("JPEG", "image/jpeg", ".jpg")

_SIGNATURES = [(b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG)]
SNIFF_BYTES = 8


class UploadRefused(Exception):
    """An upload is refused; `message` says why in the reader's language."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def sniff(head: bytes, kinds=(PDF, PNG, JPEG)) -> Kind | None:
    """The kind whose signature `head` (the file's first bytes) starts with, or None.

    The name of a file says nothing: an HTML page named scan.pdf or an SVG named scan.png
    starts with "<" and is none of these.
    """
    for signature, kind in _SIGNATURES:
        if kind in kinds and head.startswith(signature):
            return kind
    return None


def megabytes(size: int) -> str:
    """A size for messages: "10 MB", "2.5 MB", "1,024 MB" (Bangla digits on Bangla pages)."""
    value = max(Decimal(size) / (1024 * 1024), Decimal("0.1"))
    decimals = 0 if value >= 10 or value == value.to_integral_value() else 1
    return _("%(size)s MB") % {"size": format_number(value, decimals=decimals)}


def check_size(size: int, *, limit: int) -> None:
    """Refuse a file larger than `limit` bytes, naming the limit."""
    if size > limit:
        raise UploadRefused(
            _("The file is %(size)s; at most %(limit)s may be uploaded.")
            % {"size": megabytes(size), "limit": megabytes(limit)}
        )


def zip_check(data: bytes, *, max_uncompressed: int) -> None:
    """Refuse a zip file (an .xlsx) that unpacks to more than `max_uncompressed` bytes.

    First the sizes its central directory declares are added up (milliseconds, nothing is
    unpacked): a zip bomb is refused there. A file whose directory understates its sizes is
    then caught while its members are unpacked in small pieces and counted: unpacking stops
    at the declared size of each member and at the limit, whichever comes first, and a
    member longer than declared fails its checksum. So no more than the limit is ever
    unpacked, whatever the directory says.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise UploadRefused(_("The file is damaged: it is not a readable .xlsx file.")) from error
    declared = sum(member.file_size for member in members)
    if declared > max_uncompressed:
        raise UploadRefused(_too_big(declared, max_uncompressed))
    unpacked = 0
    try:
        for member in members:
            with archive.open(member) as handle:
                while piece := handle.read(1 << 20):
                    unpacked += len(piece)
                    if unpacked > max_uncompressed:
                        raise UploadRefused(_too_big(unpacked, max_uncompressed))
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error) as error:
        raise UploadRefused(_("The file is damaged: it is not a readable .xlsx file.")) from error


def _too_big(size: int, limit: int) -> str:
    return _(
        "The spreadsheet unpacks to %(size)s, more than the %(limit)s allowed. Remove "
        "pictures, other sheets and empty formatted rows, or split the list."
    ) % {"size": megabytes(size), "limit": megabytes(limit)}
