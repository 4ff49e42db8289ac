"""Tender documents: which files are accepted, judged by their content rather than their name."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from notices.models import DocumentKind

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# Compound File Binary: Word, Excel and PowerPoint 97-2003.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

CONTENT_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.WORD: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.EXCEL: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocumentKind.POWERPOINT: (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    DocumentKind.OPENDOCUMENT_TEXT: "application/vnd.oasis.opendocument.text",
    DocumentKind.OPENDOCUMENT_SHEET: "application/vnd.oasis.opendocument.spreadsheet",
    DocumentKind.LEGACY_OFFICE: "application/octet-stream",
}
OPENDOCUMENT_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": DocumentKind.OPENDOCUMENT_TEXT,
    b"application/vnd.oasis.opendocument.spreadsheet": DocumentKind.OPENDOCUMENT_SHEET,
}
OOXML_FOLDERS = {
    "word/": DocumentKind.WORD,
    "xl/": DocumentKind.EXCEL,
    "ppt/": DocumentKind.POWERPOINT,
}


@dataclass(frozen=True)
class CheckedDocument:
    kind: str
    size: int


def max_document_bytes() -> int:
    return settings.NOTICES_DOCUMENT_MAX_MB * 1024 * 1024


def check_document(upload) -> CheckedDocument:
    """Accept a PDF or an office document within the size limit, whatever its name says.

    Raises ValidationError (code `document_too_large`, `document_empty` or `document_kind`).
    """
    if upload.size > max_document_bytes():
        raise ValidationError(
            _("The file is larger than %(limit)s MB."),
            code="document_too_large",
            params={"limit": settings.NOTICES_DOCUMENT_MAX_MB},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="document_empty")
    kind = _kind_of(upload)
    if kind is None:
        raise ValidationError(
            _("Only PDF, Word, Excel, PowerPoint and OpenDocument files are accepted."),
            code="document_kind",
        )
    return CheckedDocument(kind=kind, size=upload.size)


def _kind_of(upload) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return DocumentKind.PDF
    if head.startswith(OLE2_MAGIC):
        return DocumentKind.LEGACY_OFFICE
    if head.startswith(ZIP_MAGIC):
        kind = _office_zip_kind(upload)
        upload.seek(0)
        return kind
    return None


def _office_zip_kind(upload) -> str | None:
    """An office file is a ZIP: OpenDocument names its type in `mimetype`, OOXML has a
    [Content_Types].xml and a folder per application. Only the directory is read (no extraction)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].strip()
                return OPENDOCUMENT_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                for folder, kind in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None
