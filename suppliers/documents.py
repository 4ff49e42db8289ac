"""Uploaded company documents: what is accepted (judged by content, not by name), and how it is kept."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core import uploads
from suppliers.models import DocumentKind, Supplier, SupplierDocument
from suppliers.profile import record_change

ACCEPTED_KINDS = frozenset({uploads.PDF, uploads.JPEG, uploads.PNG})


def upload_rules() -> uploads.UploadRules:
    """What a company document or a piece of assessment evidence may be: a complete PDF, or a
    JPEG or PNG picture, within SUPPLIER_DOCUMENT_MAX_BYTES."""
    limit = settings.SUPPLIER_DOCUMENT_MAX_BYTES
    return uploads.UploadRules(
        kinds=ACCEPTED_KINDS,
        max_bytes=limit,
        limit=filesizeformat(limit),
        too_large=_("The file is too large (%(size)s). The limit is %(limit)s."),
        wrong_kind=_("Only PDF, JPEG and PNG files are accepted; this file is of another type."),
        wrong_kind_code="document_type",
        complete_pdf=True,
    )


def check(upload) -> uploads.CheckedUpload:
    """Check an uploaded document or piece of evidence (size, real kind); ValidationError if refused."""
    return uploads.check_upload(upload, upload_rules())


@transaction.atomic
def add_document(
    *, supplier: Supplier, kind: str, upload, fiscal_year: int | None = None, by=None
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
    stored = store_checked(document, upload)
    record_change(supplier=supplier, by=by, fields=["documents"])
    return stored


def store_checked(document, upload):
    """Check an upload (size, real type) and save it into `document` (a SupplierDocument or an
    Evidence: any model with file, original_name, content_type, size and sha256) under a generated
    name. Raises ValidationError, saving nothing, when the file is refused."""
    checked = check(upload)
    document.original_name = uploads.clean_file_name(upload.name)
    document.content_type = checked.kind.content_type
    document.size = checked.size
    document.sha256 = uploads.sha256_of(upload)
    document.file.save(f"upload.{checked.kind.extension}", upload, save=False)
    document.save()
    return document


def delete_stored(document) -> None:
    """Delete a stored document's row, and its file once the transaction is committed."""
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def delete_document(*, document: SupplierDocument, by=None) -> None:
    if document.supplier.is_under_review:
        raise ValidationError(
            _("Your profile is being reviewed; documents can be changed after the review."),
            code="under_review",
        )
    delete_stored(document)
    record_change(supplier=document.supplier, by=by, fields=["documents"])


@transaction.atomic
def replace_document(*, document: SupplierDocument, upload, by=None) -> SupplierDocument:
    """A new file in place of an old one, of the same kind and year; the old file is deleted."""
    replacement = add_document(
        supplier=document.supplier,
        kind=document.kind,
        upload=upload,
        fiscal_year=document.fiscal_year,
        by=by,
    )
    delete_stored(document)
    return replacement
