"""Tender documents that are bombs are refused through the staff's upload form, with a form
error, without unpacking or decoding them: memory stays bounded."""

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.crafted_files import jpeg_claiming, odt, odt_bomb, png_header, real_png, rewritten
from tests.notices.factories import DraftFactory

pytestmark = pytest.mark.django_db

# The staff's form, the request and the checks together: far below the 1 GiB the bomb unpacks to.
MEMORY_BOUND = 64 * 1024 * 1024
ONLY_OFFICE = "Only PDF, Word, Excel, PowerPoint and OpenDocument files are accepted."


@pytest.fixture
def notice(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return DraftFactory()


def post_document(client, notice, name, data):
    return client.post(
        f"/staff/notices/{notice.pk}/documents/",
        {"title": "Terms of reference", "file": SimpleUploadedFile(name, data)},
    )


def form_errors(response) -> list[str]:
    return response.context["document_form"].non_field_errors()


def test_an_odt_whose_mimetype_unpacks_to_a_gibibyte_is_refused_in_bounded_memory(
    client, staff, notice
):
    bomb = odt_bomb()
    assert len(bomb) < 2 * 1024 * 1024, "small on disk"
    client.force_login(staff)

    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = post_document(client, notice, "plan.odt", bomb)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started

    assert peak < MEMORY_BOUND, f"peak {peak / 1e6:.1f} MB in {seconds:.2f} s"
    assert response.status_code == 400
    assert form_errors(response) == [
        "This document is refused: a file inside it is compressed more than 100 times, "
        "as in a “zip bomb”."
    ]
    assert not notice.attachments.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            odt({"Pictures/zeros.bin": bytes(20 * 1024 * 1024)}, compression=8),
            "compressed more than 100 times",
        ),
        (odt({f"Pictures/{n}.png": b"" for n in range(10_001)}), "more than 10000 files inside"),
        (rewritten(odt(), "mimetype", flags=1), "Password-protected documents are not accepted"),
        (rewritten(odt(), "mimetype", method=99), "This document is damaged."),
    ],
    ids=["a-member-of-20-MB-of-zeros", "ten-thousand-members", "encrypted", "aes-compressed"],
)
def test_other_bombs_are_refused_with_their_reason(client, staff, notice, data, message):
    client.force_login(staff)

    response = post_document(client, notice, "plan.odt", data)

    assert response.status_code == 400
    assert message in form_errors(response)[0]
    assert not notice.attachments.exists()


def test_an_ordinary_odt_is_still_accepted(client, staff, notice):
    client.force_login(staff)

    response = post_document(client, notice, "plan.odt", odt(compression=8))

    assert response.status_code == 302
    assert notice.attachments.get().kind == "odt"


@pytest.mark.parametrize(
    "data",
    [
        png_header(20000, 20000),
        real_png(12000, 12000),
        jpeg_claiming(10000, 10000),
        real_png(20, 10),
    ],
    ids=["png-header-of-20000-squared", "png-of-12000-squared", "jpeg-of-10000-squared", "ok-png"],
)
def test_pictures_are_not_tender_documents_however_large(client, staff, notice, data):
    client.force_login(staff)

    response = post_document(client, notice, "plan.png", data)

    assert response.status_code == 400
    assert form_errors(response) == [ONLY_OFFICE]
    assert not notice.attachments.exists()


def test_the_refusal_is_in_chinese_for_a_chinese_reader(client, staff, notice):
    staff.language = "zh-hans"
    staff.save()
    client.force_login(staff)

    response = post_document(client, notice, "plan.odt", rewritten(odt(), "mimetype", flags=1))

    assert form_errors(response) == ["不接受有密码保护的文档：请去掉密码后再上传。"]
