"""Uploaded files in an S3-compatible bucket (core/storage.py), against a real S3 server on loopback
(moto's, in server mode): uploaded through the real views, read back through the download views
that check access, kept in the bucket and never on this machine's disk, deleted from the bucket."""

import socket
import uuid
from dataclasses import dataclass

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from core.storage import PrivateFileHasNoAddress
from suppliers.models import Evidence, SupplierDocument
from tests.notices.factories import NoticeFactory
from tests.suppliers.assessment_helpers import approved_round, raise_action
from tests.suppliers.conftest import real_pdf
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

KEYS = {"access_key": "portal-test", "secret_key": "portal-test-secret"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Bucket:
    client: object
    name: str

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def body(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server on a free loopback port, for this module's tests."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    """A new private bucket, made the portal's storage of uploaded files (as the settings make it
    from AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL); MEDIA_ROOT points at an empty folder
    that must stay empty."""
    name = f"portal-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=name)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "signature_version": "s3v4",
                **KEYS,
            },
        },
    }
    return Bucket(client, name)


def nothing_on_disk(settings) -> bool:
    return not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))


def test_a_supplier_document_goes_to_the_bucket_comes_back_through_the_view_and_is_deleted(
    client, supplier, bucket, settings, django_capture_on_commit_callbacks
):
    SupplierFactory(owner=supplier)
    pdf = real_pdf()
    client.force_login(supplier)

    uploaded = client.post(
        "/supplier/documents/",
        {"kind": "certificate", "file": SimpleUploadedFile("ISO 9001 证书.pdf", pdf)},
    )

    assert uploaded.status_code == 302
    document = SupplierDocument.objects.get()
    assert bucket.keys() == [document.file.name]
    assert bucket.body(document.file.name) == pdf
    assert nothing_on_disk(settings)

    download = client.get(f"/supplier/documents/{document.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Length"] == str(len(pdf))
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == pdf

    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.post(f"/supplier/documents/{document.pk}/delete/")
    assert deleted.status_code == 302
    assert bucket.keys() == []
    assert nothing_on_disk(settings)


def test_another_supplier_cannot_read_a_document_in_the_bucket(
    client, supplier, other_supplier, bucket
):
    SupplierFactory(owner=supplier)
    SupplierFactory(owner=other_supplier)
    client.force_login(supplier)
    client.post(
        "/supplier/documents/",
        {"kind": "certificate", "file": SimpleUploadedFile("licence.pdf", real_pdf())},
    )
    document = SupplierDocument.objects.get()

    client.force_login(other_supplier)

    assert client.get(f"/supplier/documents/{document.pk}/download/").status_code == 404


def test_a_notice_document_goes_to_the_bucket_and_anyone_downloads_it_through_the_portal(
    client, staff, bucket, settings
):
    notice = NoticeFactory()
    body = b"%PDF-1.5\n" + b"terms of reference " * 5000 + b"\n%%EOF"
    client.force_login(staff)

    added = client.post(
        f"/staff/notices/{notice.pk}/documents/",
        {"title": "ToR", "file": SimpleUploadedFile("tor.pdf", body)},
    )

    assert added.status_code == 302
    attachment = notice.attachments.get()
    assert bucket.keys() == [attachment.file.name]
    assert nothing_on_disk(settings)
    client.logout()
    download = client.get(f"/notices/{notice.pk}/documents/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Length"] == str(len(body))
    assert b"".join(download.streaming_content) == body


def test_evidence_of_a_corrective_action_goes_to_the_bucket_and_staff_read_it_through_the_portal(
    client, supplier, staff, bucket, settings
):
    action = raise_action(approved_round(SupplierFactory(owner=supplier), staff), staff)
    pdf = real_pdf()
    client.force_login(supplier)

    uploaded = client.post(
        f"/supplier/assessment/actions/{action.pk}/evidence/",
        {"file": SimpleUploadedFile("fire exit.pdf", pdf)},
    )

    assert uploaded.status_code == 302
    evidence = Evidence.objects.get(action=action)
    assert bucket.keys() == [evidence.file.name]
    assert nothing_on_disk(settings)
    client.force_login(staff)
    download = client.get(f"/supplier/assessment/evidence/{evidence.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf


def test_a_private_file_has_no_bucket_address(client, supplier, bucket):
    SupplierFactory(owner=supplier)
    client.force_login(supplier)
    client.post(
        "/supplier/documents/",
        {"kind": "certificate", "file": SimpleUploadedFile("licence.pdf", real_pdf())},
    )

    with pytest.raises(PrivateFileHasNoAddress):
        _ = SupplierDocument.objects.get().file.url
