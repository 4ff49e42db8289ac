"""core.downloads: a stored file is sent as an attachment; a private one is kept by no cache."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile

from core.downloads import private_download


@pytest.fixture
def stored():
    storage = InMemoryStorage()
    name = storage.save("stored/abc123.pdf", ContentFile(b"%PDF-1.7 body"))
    return FieldFile(None, FileField(storage=storage), name)


def test_a_private_file_is_an_attachment_under_its_original_name_that_no_cache_keeps(stored):
    response = private_download(stored, filename="营业执照.pdf", content_type="application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.pdf"
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 body"


def test_a_public_file_is_an_attachment_that_caches_may_keep(stored):
    response = private_download(
        stored, filename="ToR 2026.pdf", content_type="application/pdf", public=True
    )
    assert 'attachment; filename="ToR 2026.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.has_header("Cache-Control")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 body"
