import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from suppliers import documents
from suppliers.models import DocumentKind
from tests.suppliers.factories import SupplierFactory


def real_pdf() -> bytes:
    """A genuine one-page PDF, as a scanner or Pillow writes it."""
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, "PDF")
    return buffer.getvalue()


def real_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "blue").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def pdf_bytes():
    return real_pdf()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def company(supplier):
    """The supplier persona's complete, draft profile (with a business licence)."""
    company = SupplierFactory(owner=supplier)
    documents.add_document(
        supplier=company,
        kind=DocumentKind.BUSINESS_LICENCE,
        upload=SimpleUploadedFile("licence.pdf", real_pdf()),
    )
    return company


@pytest.fixture
def other_company(other_supplier):
    return SupplierFactory(owner=other_supplier)
