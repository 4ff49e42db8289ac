"""core.archives: an office document (a ZIP) judged by its directory, never unpacked."""

import os
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import archives, uploads
from tests.crafted_files import odt, rewritten

ODT_RULES = uploads.UploadRules(
    kinds=frozenset({uploads.OPENDOCUMENT_TEXT}),
    max_bytes=50 * uploads.MEGABYTE,
    limit="50",
    too_large="Too large.",
    wrong_kind="Not a kind we take.",
    wrong_kind_code="wrong",
)


def check(data: bytes):
    return uploads.check_upload(SimpleUploadedFile("plan.odt", data), ODT_RULES)


def refusal(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        check(data)
    return raised.value


def test_an_ordinary_document_is_accepted():
    assert check(odt(compression=zipfile.ZIP_DEFLATED)).kind == uploads.OPENDOCUMENT_TEXT


def test_a_member_compressed_a_thousand_times_is_refused_as_a_bomb():
    bomb = odt({"Pictures/zeros.bin": bytes(20 * uploads.MEGABYTE)}, compression=8)
    error = refusal(bomb)
    assert error.code == "archive_ratio"
    assert error.messages == [
        "This document is refused: a file inside it is compressed more than 100 times, "
        "as in a “zip bomb”."
    ]


def test_a_small_member_may_be_very_compressible():
    spaces = odt({"styles.xml": b" " * 500_000}, compression=zipfile.ZIP_DEFLATED)
    assert check(spaces).kind == uploads.OPENDOCUMENT_TEXT


def test_too_many_members_are_refused_from_the_end_record_alone(settings):
    settings.UPLOAD_ARCHIVE_MAX_MEMBERS = 5
    crowded = odt({f"Pictures/{n}.png": b"x" for n in range(10)})
    assert archives.member_count(SimpleUploadedFile("a.odt", crowded), stop_after=100) == 12
    error = refusal(crowded)
    assert error.code == "archive_members"
    assert error.messages == ["The document holds more than 5 files inside; it is refused."]


def test_members_are_counted_in_the_directory_whatever_the_end_record_declares(settings):
    """zipfile parses every entry of the directory, however few the end record declares."""
    settings.UPLOAD_ARCHIVE_MAX_MEMBERS = 5
    crowded = bytearray(odt({f"Pictures/{n}.png": b"x" for n in range(10)}))
    end = crowded.rindex(b"PK\x05\x06")
    crowded[end + 8 : end + 12] = struct.pack("<HH", 1, 1)  # "one member"
    crowded = bytes(crowded)
    assert archives.member_count(SimpleUploadedFile("a.odt", crowded), stop_after=5) == 6
    assert refusal(crowded).code == "archive_members"


def test_an_archive_that_would_unpack_to_too_much_is_refused(settings):
    settings.UPLOAD_ARCHIVE_MAX_UNPACKED_MB = 1
    large = odt({"Pictures/photo.jpg": os.urandom(2 * uploads.MEGABYTE)})
    error = refusal(large)
    assert error.code == "archive_unpacked"
    assert error.messages == ["This document would unpack to more than 1 MB; it is refused."]


def test_a_member_that_lies_about_its_size_is_refused_as_damaged():
    honest = odt({"Pictures/photo.jpg": os.urandom(200_000)}, compression=zipfile.ZIP_DEFLATED)
    liar = rewritten(honest, "Pictures/photo.jpg", size=1000)
    assert refusal(liar).code == "archive_damaged"


def test_a_compression_office_programs_do_not_use_is_refused_as_damaged():
    aes = rewritten(odt(), "mimetype", method=99)  # 99: WinZip's AES
    error = refusal(aes)
    assert error.code == "archive_damaged"
    assert error.messages == [
        "This document is damaged. Please save it again from its program and upload it."
    ]


def test_an_encrypted_member_is_refused_with_its_reason():
    encrypted = rewritten(odt(), "mimetype", flags=archives.ENCRYPTED_FLAG)
    error = refusal(encrypted)
    assert error.code == "archive_encrypted"


@pytest.mark.parametrize("data", [b"PK\x03\x04 no directory", b"%PDF-1.4\n%%EOF"])
def test_a_file_without_a_zip_directory_is_left_to_the_kind_check(data):
    assert refusal(data).code == "wrong"
