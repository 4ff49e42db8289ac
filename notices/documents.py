"""Tender documents: which files are accepted, judged by their content rather than their name."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core import uploads
from notices.models import DocumentKind

# The kinds a tender document may be, and how each is recorded on the attachment.
KINDS = {
    uploads.PDF: DocumentKind.PDF,
    uploads.WORD: DocumentKind.WORD,
    uploads.EXCEL: DocumentKind.EXCEL,
    uploads.POWERPOINT: DocumentKind.POWERPOINT,
    uploads.OPENDOCUMENT_TEXT: DocumentKind.OPENDOCUMENT_TEXT,
    uploads.OPENDOCUMENT_SHEET: DocumentKind.OPENDOCUMENT_SHEET,
    uploads.LEGACY_OFFICE: DocumentKind.LEGACY_OFFICE,
}
# The type a downloaded document is served under, by its recorded kind.
CONTENT_TYPES = {kind: file_kind.content_type for file_kind, kind in KINDS.items()}


@dataclass(frozen=True)
class CheckedDocument:
    kind: str
    size: int


def upload_rules() -> uploads.UploadRules:
    """A PDF or an office document within NOTICES_DOCUMENT_MAX_MB."""
    return uploads.UploadRules(
        kinds=frozenset(KINDS),
        max_bytes=settings.NOTICES_DOCUMENT_MAX_MB * uploads.MEGABYTE,
        limit=str(settings.NOTICES_DOCUMENT_MAX_MB),
        too_large=_("The file is larger than %(limit)s MB."),
        wrong_kind=_("Only PDF, Word, Excel, PowerPoint and OpenDocument files are accepted."),
        wrong_kind_code="document_kind",
    )


def check_document(upload) -> CheckedDocument:
    """Accept a PDF or an office document within the size limit, whatever its name says.

    Raises ValidationError (code `document_too_large`, `document_empty` or `document_kind`).
    """
    checked = uploads.check_upload(upload, upload_rules())
    return CheckedDocument(kind=KINDS[checked.kind], size=checked.size)
