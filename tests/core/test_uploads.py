"""core.uploads: one checker for every upload; each app brings its own rules and wording."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import uploads

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rules(**changes) -> uploads.UploadRules:
    values = {
        "kinds": frozenset({uploads.PDF, uploads.PNG, uploads.JPEG}),
        "max_bytes": 1000,
        "limit": "1 KB",
        "too_large": "Too large: %(size)s over %(limit)s.",
        "wrong_kind": "Not a kind we take.",
        "wrong_kind_code": "wrong",
    }
    return uploads.UploadRules(**(values | changes))


def refusal(data: bytes, **changes) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        uploads.check_upload(SimpleUploadedFile("x.bin", data), rules(**changes))
    return raised.value


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, uploads.PDF),
        (b"\x89PNG\r\n\x1a\n....", uploads.PNG),
        (b"\xff\xd8\xff\xe0....", uploads.JPEG),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", uploads.LEGACY_OFFICE),
        (zipped({"[Content_Types].xml": b"", "word/document.xml": b""}), uploads.WORD),
        (zipped({"[Content_Types].xml": b"", "xl/workbook.xml": b""}), uploads.EXCEL),
        (zipped({"[Content_Types].xml": b"", "ppt/slides/1.xml": b""}), uploads.POWERPOINT),
        (
            zipped({"mimetype": b"application/vnd.oasis.opendocument.text"}),
            uploads.OPENDOCUMENT_TEXT,
        ),
        (
            zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            uploads.OPENDOCUMENT_SHEET,
        ),
        (zipped({"mimetype": b"application/epub+zip"}), None),
        (zipped({"photo.jpg": b""}), None),
        (b"PK\x03\x04 not really a zip", None),
        (b"<html><script>x</script></html>", None),
    ],
)
def test_a_file_is_recognised_by_its_content_and_left_at_its_start(data, kind):
    upload = SimpleUploadedFile("named.pdf", data)
    assert uploads.recognise(upload) == kind
    assert upload.tell() == 0


def test_an_accepted_file_gives_its_kind_and_size_and_is_left_at_its_start():
    upload = SimpleUploadedFile("terms.pdf", PDF)
    checked = uploads.check_upload(upload, rules())
    assert checked == uploads.CheckedUpload(kind=uploads.PDF, size=len(PDF))
    assert upload.tell() == 0


def test_an_empty_file_is_refused():
    error = refusal(b"")
    assert error.code == "document_empty" and error.messages == ["The file is empty."]


def test_a_file_over_the_limit_is_refused_in_the_callers_words():
    error = refusal(PDF + b"0" * 1000)
    assert error.code == "document_too_large"
    assert error.messages == ["Too large: 1.0\xa0KB over 1 KB."]


def test_a_kind_the_rules_do_not_take_is_refused_with_the_callers_code():
    word = zipped({"[Content_Types].xml": b"", "word/document.xml": b""})
    error = refusal(word)
    assert error.code == "wrong" and error.messages == ["Not a kind we take."]
    assert refusal(b"MZ\x90\x00").code == "wrong"


def test_a_truncated_pdf_is_refused_only_where_the_rules_ask_for_a_complete_one():
    truncated = b"%PDF-1.4 truncated"
    assert uploads.check_upload(SimpleUploadedFile("a.pdf", truncated), rules()).kind == uploads.PDF
    error = refusal(truncated, complete_pdf=True)
    assert error.code == "document_damaged"
    assert "incomplete or damaged" in error.messages[0]


def test_the_end_of_a_complete_pdf_is_found_behind_padding():
    padded = PDF + b"\n" * (uploads.PDF_END_BYTES - 20)
    upload = SimpleUploadedFile("a.pdf", padded)
    assert (
        uploads.check_upload(upload, rules(complete_pdf=True, max_bytes=10_000)).kind == uploads.PDF
    )


def test_a_picture_must_be_a_valid_picture_of_the_format_it_announces():
    assert uploads.check_upload(
        SimpleUploadedFile("p.png", png()), rules(max_bytes=10_000)
    ).kind == (uploads.PNG)
    error = refusal(b"\x89PNG\r\n\x1a\n and then garbage")
    assert error.code == "document_type"
    assert error.messages == ["This file claims to be an image but is not a valid PNG picture."]


def test_the_sha256_is_of_the_whole_file_and_leaves_it_at_its_start():
    upload = SimpleUploadedFile("a.pdf", PDF)
    upload.read(3)
    assert uploads.sha256_of(upload) == hashlib.sha256(PDF).hexdigest()
    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("C:\\Users\\me\\licence.pdf", "licence.pdf"),
        ("../../etc/passwd", "passwd"),
        ("营业执照\x00\u202e.pdf", "营业执照.pdf"),
        ("  many   spaces .pdf ", "many spaces .pdf"),
        ("...", "document"),
        ("a" * 300 + ".pdf", "a" * uploads.DISPLAY_NAME_LENGTH),
    ],
)
def test_a_display_name_keeps_no_directory_nor_control_character(name, shown):
    assert uploads.clean_file_name(name) == shown
