"""Company documents: accepted by content, stored privately, downloaded only by who may."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suppliers import review
from suppliers.models import SupplierDocument
from tests.suppliers.conftest import real_png

pytestmark = pytest.mark.django_db


def upload(client, name, data, kind="certificate", **extra):
    return client.post(
        "/supplier/documents/",
        {"kind": kind, "file": SimpleUploadedFile(name, data), **extra},
    )


def test_a_real_pdf_is_stored_under_a_generated_name_with_its_hash(client, company, pdf_bytes):
    client.force_login(company.owner)

    response = upload(client, "ISO 9001 证书.pdf", pdf_bytes)

    assert response.status_code == 302
    document = company.documents.get(kind="certificate")
    assert document.original_name == "ISO 9001 证书.pdf"
    assert document.content_type == "application/pdf"
    assert document.sha256 == hashlib.sha256(pdf_bytes).hexdigest()
    assert document.size == len(pdf_bytes)
    assert "证书" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.file.name.startswith(f"supplier-documents/{company.pk}/")


def test_a_png_is_accepted(client, company):
    client.force_login(company.owner)

    assert upload(client, "scan.png", real_png()).status_code == 302
    assert company.documents.get(kind="certificate").content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "licence.png",
            b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
            "is not a valid PNG picture",
        ),
        (
            "licence.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,
            "Only PDF, JPEG and PNG files are accepted",
        ),
        (
            "licence.pdf",
            b"\x7fELF\x02\x01\x01" + b"\x00" * 200,
            "Only PDF, JPEG and PNG files are accepted",
        ),
        ("licence.pdf", b"", "The submitted file is empty."),
        (
            "licence.jpg",
            b"\xff\xd8\xff\xe0<?php system($_GET['c']); ?>",
            "is not a valid JPEG picture",
        ),
        ("licence.pdf", b"%PDF-1.4 truncated", "This PDF file is incomplete or damaged"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(client, company, name, data, message):
    client.force_login(company.owner)
    before = company.documents.count()

    response = upload(client, name, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert company.documents.count() == before


def test_a_file_over_10_mb_is_refused_and_nothing_is_stored(client, company, pdf_bytes, settings):
    client.force_login(company.owner)
    eleven_mb = pdf_bytes[:-6] + b" " * (11 * 1024 * 1024) + b"%%EOF\n"

    response = upload(client, "big.pdf", eleven_mb)

    assert (
        "The file is too large (11.0\xa0MB). The limit is 10.0\xa0MB." in response.content.decode()
    )
    assert not company.documents.filter(kind="certificate").exists()
    stored = list((settings.MEDIA_ROOT / "supplier-documents" / str(company.pk)).iterdir())
    assert len(stored) == 1, "only the business licence from the fixture"


def test_a_hostile_file_name_is_cleaned(client, company, pdf_bytes):
    client.force_login(company.owner)

    upload(client, "../../etc/passwd\x00\x1b[31m.pdf", pdf_bytes)

    document = company.documents.get(kind="certificate")
    assert document.original_name == "passwd[31m.pdf"
    assert ".." not in document.file.name


def test_financial_statements_need_their_year(client, company, pdf_bytes):
    client.force_login(company.owner)

    refused = upload(client, "accounts.pdf", pdf_bytes, kind="financial_statement")
    accepted = upload(
        client, "accounts.pdf", pdf_bytes, kind="financial_statement", fiscal_year="2024"
    )

    assert b"Give the year the financial statements cover." in refused.content
    assert accepted.status_code == 302
    assert company.documents.get(kind="financial_statement").fiscal_year == 2024


def test_the_owner_downloads_as_an_attachment_that_is_never_sniffed(client, company, pdf_bytes):
    document = company.documents.get()
    client.force_login(company.owner)

    response = client.get(f"/supplier/documents/{document.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes


def test_another_supplier_gets_404_for_a_document(client, company, other_company):
    document = company.documents.get()
    client.force_login(other_company.owner)

    assert client.get(f"/supplier/documents/{document.pk}/download/").status_code == 404
    assert client.post(f"/supplier/documents/{document.pk}/delete/").status_code == 404
    assert SupplierDocument.objects.filter(pk=document.pk).exists()


def test_an_admin_may_download_and_anonymous_is_sent_to_login(client, company, admin_user):
    document = company.documents.get()
    url = f"/supplier/documents/{document.pk}/download/"

    assert client.get(url)["Location"] == f"/accounts/login/?next={url}"
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_program_staff_without_review_rights_cannot_download(client, company, staff):
    document = company.documents.get()
    client.force_login(staff)

    assert client.get(f"/supplier/documents/{document.pk}/download/").status_code == 404


def test_the_owner_replaces_and_deletes_documents(
    client, company, settings, django_capture_on_commit_callbacks
):
    old = company.documents.get()
    old_path = settings.MEDIA_ROOT / old.file.name
    client.force_login(company.owner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/supplier/documents/{old.pk}/replace/",
            {"file": SimpleUploadedFile("new.png", real_png())},
        )

    new = company.documents.get()
    assert (new.kind, new.original_name) == ("business_licence", "new.png")
    assert not old_path.exists()
    client.post(f"/supplier/documents/{new.pk}/delete/")
    assert not company.documents.exists()


def test_documents_cannot_change_while_the_profile_is_under_review(client, company, pdf_bytes):
    review.submit(company, by=company.owner)
    document = company.documents.get()
    client.force_login(company.owner)

    deleted = client.post(f"/supplier/documents/{document.pk}/delete/", follow=True)
    added = upload(client, "more.pdf", pdf_bytes)

    assert b"Your profile is being reviewed" in deleted.content
    assert b"Your profile is being reviewed" in added.content
    assert company.documents.count() == 1


def test_a_get_never_deletes(client, company):
    document = company.documents.get()
    client.force_login(company.owner)

    assert client.get(f"/supplier/documents/{document.pk}/delete/").status_code == 405
    assert company.documents.count() == 1
