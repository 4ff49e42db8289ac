"""Pictures that would decode to too many pixels are refused with a clear message, judged by
their header, on every way a supplier uploads one: company documents, a replacement, evidence of
an answer and evidence of a corrective action. Never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suppliers.models import (
    AssessmentQuestion,
    AssessmentSection,
    DocumentKind,
    Evidence,
    SupplierDocument,
)
from tests.crafted_files import jpeg_claiming, png_header, real_png
from tests.suppliers.assessment_helpers import approved_round, raise_action

pytestmark = pytest.mark.django_db

TOO_MANY = "at most 50 million pixels are accepted. Please scale it down, or upload it as a PDF."
HOSTILE = {
    "png-header-of-20000-squared": (
        png_header(20000, 20000),
        f"The picture is 20000 by 20000 pixels; {TOO_MANY}",
    ),
    "png-of-12000-squared": (
        real_png(12000, 12000),
        f"The picture is 12000 by 12000 pixels; {TOO_MANY}",
    ),
    "jpeg-of-10000-squared": (
        jpeg_claiming(10000, 10000),
        f"The picture is 10000 by 10000 pixels; {TOO_MANY}",
    ),
}


def upload(data, name="scan.png"):
    return SimpleUploadedFile(name, data)


def add_document(client, company, data):
    response = client.post("/supplier/documents/", {"kind": "certificate", "file": upload(data)})
    errors = response.context["form"].errors.get("file", []) if response.context else []
    return response, errors, company.documents.filter(kind="certificate").count()


def replace_document(client, company, data):
    licence = company.documents.get(kind=DocumentKind.BUSINESS_LICENCE)
    response = client.post(
        f"/supplier/documents/{licence.pk}/replace/", {"file": upload(data)}, follow=True
    )
    replaced = not SupplierDocument.objects.filter(pk=licence.pk).exists()
    return response, messages(response), int(replaced)


def add_answer_evidence(client, company, data):
    client.post("/supplier/assessment/start/")
    section = AssessmentSection.objects.get(code="management")
    answers = {f"q{q.pk}": "yes" for q in section.questions.filter(is_active=True)}
    client.post("/supplier/assessment/management/", answers, follow=True)  # its message shown
    question = AssessmentQuestion.objects.get(code="mgt-policy")
    response = client.post(
        f"/supplier/assessment/management/questions/{question.pk}/evidence/",
        {"file": upload(data)},
        follow=True,
    )
    return response, messages(response), Evidence.objects.count()


def add_action_evidence(client, company, data, *, staff):
    action = raise_action(approved_round(company, staff), staff)
    response = client.post(
        f"/supplier/assessment/actions/{action.pk}/evidence/", {"file": upload(data)}, follow=True
    )
    return response, messages(response), Evidence.objects.count()


def messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def path(request, staff):
    """Each way a supplier uploads a picture: (response, the errors shown, files kept)."""
    steps = {
        "document": add_document,
        "replacement": replace_document,
        "answer-evidence": add_answer_evidence,
        "action-evidence": lambda *args: add_action_evidence(*args, staff=staff),
    }
    return steps[request.param]


PATHS = ["document", "replacement", "answer-evidence", "action-evidence"]


@pytest.mark.parametrize("path", PATHS, indirect=True)
@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_a_picture_of_too_many_pixels_is_refused_with_its_size(client, company, path, hostile):
    data, message = HOSTILE[hostile]
    client.force_login(company.owner)

    response, errors, kept = path(client, company, data)

    assert response.status_code == 200
    assert errors == [message]
    assert kept == 0


@pytest.mark.parametrize("path", PATHS, indirect=True)
def test_an_ordinary_picture_is_accepted(client, company, path):
    client.force_login(company.owner)

    response, errors, kept = path(client, company, real_png(1600, 1200))

    assert response.status_code in (200, 302)
    assert kept == 1
    assert not any("pixels" in error for error in errors)


def test_the_limit_is_a_setting(client, company, settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000_000
    client.force_login(company.owner)

    _response, errors, _kept = add_document(client, company, real_png(1600, 1200))

    assert errors == [
        "The picture is 1600 by 1200 pixels; at most 1 million pixels are accepted. "
        "Please scale it down, or upload it as a PDF."
    ]


def test_the_refusal_is_in_chinese_for_a_chinese_reader(client, company):
    company.owner.language = "zh-hans"
    company.owner.save()
    client.force_login(company.owner)

    _response, errors, _kept = add_document(client, company, png_header(20000, 20000))

    assert errors == [
        "图片为 20000 × 20000 像素；最多接受 50 百万像素。请缩小图片，或以 PDF 格式上传。"
    ]
