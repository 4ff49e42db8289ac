"""Uploaded files, judged by their content: never by their name or the type the browser claims.

Each app states its rules (the kinds it takes, its size limit and how its messages word them) in
an `UploadRules`; `check_upload` applies them the same way for all.

Nothing is unpacked or decoded to judge a file. An archive (every office document but the legacy
ones) is judged by its directory, before any member is read: how many members, how much they would
unpack to, how far each is compressed (core.archives). A picture is judged by its header: how many
pixels it would decode to (UPLOAD_MAX_IMAGE_PIXELS). Only the few bytes needed are ever read.
"""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import JpegImagePlugin, PngImagePlugin, UnidentifiedImageError

from core import archives

MEGABYTE = 1024 * 1024
# Enough of the start of a file to recognise every kind below.
HEAD_BYTES = 8
# A PDF ends with an %%EOF marker, possibly followed by a line end or some padding: it is looked
# for in this many bytes at the end of the file.
PDF_END_BYTES = 1024
# An OpenDocument's `mimetype` entry holds a short MIME type; no more of it is read.
MIMETYPE_BYTES = 100
# The longest name kept for display (the file itself is stored under a generated name).
DISPLAY_NAME_LENGTH = 150

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"
# Compound File Binary: Word, Excel and PowerPoint 97-2003.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    """A kind of file the portal can recognise, with the type and extension it is served under."""

    name: str
    content_type: str
    extension: str


PDF = FileKind("pdf", "application/pdf", "pdf")
JPEG = FileKind("jpeg", "image/jpeg", "jpg")
PNG = FileKind("png", "image/png", "png")
WORD = FileKind(
    "word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
EXCEL = FileKind(
    "excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
)
POWERPOINT = FileKind(
    "powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
)
OPENDOCUMENT_TEXT = FileKind("odt", "application/vnd.oasis.opendocument.text", "odt")
OPENDOCUMENT_SHEET = FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ods")
LEGACY_OFFICE = FileKind("legacy_office", "application/octet-stream", "doc")

OPENDOCUMENT_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": OPENDOCUMENT_TEXT,
    b"application/vnd.oasis.opendocument.spreadsheet": OPENDOCUMENT_SHEET,
}
OOXML_FOLDERS = {"word/": WORD, "xl/": EXCEL, "ppt/": POWERPOINT}
IMAGE_FORMATS = {PNG: "PNG", JPEG: "JPEG"}
# Pillow's reader of each format, used directly: it reads the header and decodes nothing.
IMAGE_READERS = {PNG: PngImagePlugin.PngImageFile, JPEG: JpegImagePlugin.JpegImageFile}


@dataclass(frozen=True)
class UploadRules:
    """What one kind of upload accepts, and how its refusals are worded.

    `too_large` is formatted with `size` (the file's size, readable) and `limit` (as given here);
    `wrong_kind` is raised with the code `wrong_kind_code`. With `complete_pdf`, a PDF without its
    end-of-file marker (a truncated upload or a broken export) is refused too.
    """

    kinds: frozenset[FileKind]
    max_bytes: int
    limit: str
    too_large: str
    wrong_kind: str
    wrong_kind_code: str
    complete_pdf: bool = False


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    size: int


def check_upload(upload, rules: UploadRules) -> CheckedUpload:
    """Check an uploaded file's size and real kind against the rules; ValidationError (codes
    `document_empty`, `document_too_large`, `rules.wrong_kind_code`, `document_damaged`, those of
    core.archives for a ZIP, `image_too_large`) if refused. The file is left at its start."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="document_empty")
    if upload.size > rules.max_bytes:
        raise ValidationError(
            rules.too_large,
            code="document_too_large",
            params={"size": filesizeformat(upload.size), "limit": rules.limit},
        )
    archives.check_archive(upload)
    kind = recognise(upload)
    if kind not in rules.kinds:
        raise ValidationError(rules.wrong_kind, code=rules.wrong_kind_code)
    if kind == PDF and rules.complete_pdf:
        _check_pdf_is_complete(upload)
    if kind in IMAGE_FORMATS:
        _check_image(upload, kind)
    upload.seek(0)
    return CheckedUpload(kind=kind, size=upload.size)


def recognise(upload) -> FileKind | None:
    """The file's kind from its first bytes (and, for a ZIP, its directory); None if unknown."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return PDF
    if head.startswith(PNG_MAGIC):
        return PNG
    if head.startswith(JPEG_MAGIC):
        return JPEG
    if head.startswith(OLE2_MAGIC):
        return LEGACY_OFFICE
    if head.startswith(ZIP_MAGIC):
        kind = _office_zip_kind(upload)
        upload.seek(0)
        return kind
    return None


def _office_zip_kind(upload) -> FileKind | None:
    """An office file is a ZIP: OpenDocument names its type in `mimetype`, OOXML has a
    [Content_Types].xml and a folder per application. Only the directory is read (no extraction)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                # A bounded read: the member is inflated no further than these bytes.
                with archive.open("mimetype") as member:
                    mimetype = member.read(MIMETYPE_BYTES).strip()
                return OPENDOCUMENT_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                for folder, kind in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None  # damaged, encrypted or compressed in a way office programs do not use
    return None


def _check_pdf_is_complete(upload) -> None:
    upload.seek(max(0, upload.size - PDF_END_BYTES))
    if b"%%EOF" not in upload.read():
        raise ValidationError(
            _("This PDF file is incomplete or damaged. Please export it again and upload it."),
            code="document_damaged",
        )


def _check_image(upload, kind: FileKind) -> None:
    """The picture must be a valid one of the format its first bytes announce, and decode to no
    more than UPLOAD_MAX_IMAGE_PIXELS: judged by its header and its chunks' checksums, without
    decoding it (Pillow's own bomb check, which raises on open, is not reached)."""
    upload.seek(0)
    refused = ValidationError(
        _("This file claims to be an image but is not a valid %(format)s picture."),
        code="document_type",
        params={"format": IMAGE_FORMATS[kind]},
    )
    try:
        with IMAGE_READERS[kind](upload) as image:
            _check_pixels(*image.size)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise refused from error


def _check_pixels(width: int, height: int) -> None:
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    if width * height > limit:
        raise ValidationError(
            _(
                "The picture is %(width)d by %(height)d pixels; at most %(limit)s million pixels "
                "are accepted. Please scale it down, or upload it as a PDF."
            ),
            code="image_too_large",
            params={"width": width, "height": height, "limit": f"{limit / 1_000_000:g}"},
        )


def sha256_of(upload) -> str:
    """The file's SHA-256, read in chunks."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def clean_file_name(name: str) -> str:
    """A display name without directories or control characters; the file is stored under another."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C"
    )
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:DISPLAY_NAME_LENGTH] or "document"
