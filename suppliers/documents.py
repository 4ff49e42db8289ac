"""Uploaded company documents: what is accepted (judged by content, not by name), and how it is kept."""

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from suppliers.models import DocumentKind, Supplier, SupplierDocument

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def sniff(data: bytes) -> Sniffed:
    """The document's real type from its content; ValidationError unless a well-formed PDF, JPEG or PNG."""
    if data.startswith(PDF_MAGIC):
        # A PDF ends with an %%EOF marker (possibly followed by a line end or a few bytes of padding).
        if b"%%EOF" not in data[-1024:]:
            raise ValidationError(
                _("This PDF file is incomplete or damaged. Please export it again and upload it."),
                code="document_damaged",
            )
        return Sniffed("application/pdf", "pdf")
    if data.startswith(PNG_MAGIC) or data.startswith(JPEG_MAGIC):
        expected = "PNG" if data.startswith(PNG_MAGIC) else "JPEG"
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                real_format = image.format
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                _("This file claims to be an image but is not a valid %(format)s picture."),
                code="document_type",
                params={"format": expected},
            ) from error
        if real_format != expected:
            raise ValidationError(
                _("This file claims to be an image but is not a valid %(format)s picture."),
                code="document_type",
                params={"format": expected},
            )
        return Sniffed("image/png", "png") if expected == "PNG" else Sniffed("image/jpeg", "jpg")
    raise ValidationError(
        _("Only PDF, JPEG and PNG files are accepted; this file is of another type."),
        code="document_type",
    )


def clean_file_name(name: str) -> str:
    """A display name without directories or control characters; the file is stored under another."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C"
    )
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:150] or "document"


def validate_upload(upload) -> tuple[bytes, Sniffed]:
    """Read an uploaded file and check its size and type; return its bytes and real type."""
    limit = settings.SUPPLIER_DOCUMENT_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="document_empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="document_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    data = upload.read()
    return data, sniff(data)


@transaction.atomic
def add_document(
    *, supplier: Supplier, kind: str, upload, fiscal_year: int | None = None
) -> SupplierDocument:
    """Store a checked upload for the supplier under a generated name, with its SHA-256."""
    if supplier.is_under_review:
        raise ValidationError(
            _("Your profile is being reviewed; documents can be changed after the review."),
            code="under_review",
        )
    document = SupplierDocument(
        supplier=supplier,
        kind=kind,
        fiscal_year=fiscal_year if kind == DocumentKind.FINANCIAL_STATEMENT else None,
    )
    return store_checked(document, upload)


def store_checked(document, upload):
    """Check an upload (size, real type) and save it into `document` (a SupplierDocument or an
    Evidence: any model with file, original_name, content_type, size and sha256) under a generated
    name. Raises ValidationError, saving nothing, when the file is refused."""
    data, sniffed = validate_upload(upload)
    document.original_name = clean_file_name(upload.name)
    document.content_type = sniffed.content_type
    document.size = len(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    upload.seek(0)
    document.file.save(f"upload.{sniffed.extension}", upload, save=False)
    document.save()
    return document


def delete_stored(document) -> None:
    """Delete a stored document's row, and its file once the transaction is committed."""
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def delete_document(*, document: SupplierDocument) -> None:
    if document.supplier.is_under_review:
        raise ValidationError(
            _("Your profile is being reviewed; documents can be changed after the review."),
            code="under_review",
        )
    delete_stored(document)


@transaction.atomic
def replace_document(*, document: SupplierDocument, upload) -> SupplierDocument:
    """A new file in place of an old one, of the same kind and year; the old file is deleted."""
    replacement = add_document(
        supplier=document.supplier,
        kind=document.kind,
        upload=upload,
        fiscal_year=document.fiscal_year,
    )
    delete_document(document=document)
    return replacement
