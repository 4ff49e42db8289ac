"""Attendance and certificates: the confirmation's QR code and check-in link, the door's page
(search, check in, undo), the scanned link, certificates issued once and revoked, the public
verification page, the PDF in the participant's language."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from events import attendance, certificate_pdf, registration
from events.models import Certificate, CertificateKind, RegistrationStatus
from tests.events.factories import EventFactory, in_days
from tests.factories import UserFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    """A workshop starting in an hour: the door is open."""
    return EventFactory(starts_at=in_days(0, 1), title_en="Sustainable procurement day")


def seat(event, email="li@example.cn", name="Li Na", **user):
    person = UserFactory(email=email, name=name, **user)
    return registration.register(event=event, user=person, now=event.starts_at - timedelta(days=3))


def test_the_confirmation_carries_the_qr_code_and_the_check_in_code(
    workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mine = registration.register(event=workshop, user=UserFactory(email="li@example.cn"))

    message = mail.outbox[-1]
    html = message.alternatives[0].content
    images = [part for part in message.attachments if not isinstance(part, tuple)]
    assert 'src="cid:check-in-qr@un-supplier-portal"' in html
    assert images and images[0]["Content-ID"] == "<check-in-qr@un-supplier-portal>"
    assert images[0].get_content_type() == "image/png"
    assert attendance.check_in_token(mine) in message.body
    assert any(
        name.endswith(".ics")
        for name, *_ in (a for a in message.attachments if isinstance(a, tuple))
    )


def test_the_participants_page_shows_the_qr_code_until_they_are_in(client, today):
    mine = seat(today)
    client.force_login(mine.user)

    before = client.get(f"/events/{today.pk}/").content.decode()
    attendance.check_in(mine, by=None)
    after = client.get(f"/events/{today.pk}/").content.decode()

    assert "<svg" in before and "My check-in QR code" in before
    assert "<svg" not in after and "You were checked in." in after


def test_staff_find_a_participant_by_company_and_check_them_in(client, staff, today):
    company = SupplierFactory(
        legal_name="Fuzhou Bamboo Co., Ltd.", legal_name_local="福州竹业有限公司"
    )
    mine = seat(today, email=company.owner.email.replace("@", "+x@"))
    mine.supplier = company
    mine.save()
    seat(today, email="other@example.com", name="Zhang Wei")
    client.force_login(staff)

    found = client.get(f"/staff/events/{today.pk}/check-in/", {"q": "竹业"}).content.decode()
    response = client.post(
        f"/staff/events/{today.pk}/check-in/record/",
        {"registration": mine.pk, "q": "竹业"},
        follow=True,
    )

    assert "Li Na" in found and "Zhang Wei" not in found
    assert response.redirect_chain[-1][0].endswith("?q=%E7%AB%B9%E4%B8%9A")
    assert "Li Na is checked in." in response.content.decode()
    assert "1 of 2 participants checked in" in response.content.decode()
    mine.refresh_from_db()
    assert mine.attended_at is not None and mine.checked_in_by == staff


def test_the_scanned_link_opens_the_check_in_for_staff_only(client, staff, today, supplier):
    mine = seat(today)
    link = f"/staff/events/check-in/{attendance.check_in_token(mine)}/"
    forged = f"/staff/events/check-in/{mine.pk}-{'0' * 40}/"

    client.force_login(supplier)
    assert client.get(link).status_code == 403
    client.force_login(staff)
    assert client.get(forged).status_code == 404
    page = client.get(link).content.decode()
    response = client.post(link, follow=True)

    assert "Li Na" in page and ">Check in</button>" in page
    assert "Checked in." in response.content.decode()
    assert client.post(link, follow=True).content.decode().count("Already checked in.") == 1


def test_check_in_is_refused_with_its_reason(today, staff):
    waiting_event = EventFactory(starts_at=in_days(0, 1), capacity=1)
    seat(waiting_event)
    waiting = seat(waiting_event, email="late@example.com")
    later = seat(EventFactory(), email="early@example.com")  # a month away

    assert waiting.status == RegistrationStatus.WAITING
    with pytest.raises(ValidationError, match="Only a participant with a seat"):
        attendance.check_in(waiting, by=staff)
    with pytest.raises(ValidationError, match="opens the day before"):
        attendance.check_in(later, by=staff)


def test_certificates_are_issued_once_to_those_checked_in_and_told_by_e_mail(
    client, staff, today, django_capture_on_commit_callbacks
):
    came, absent = seat(today), seat(today, email="absent@example.com", name="Absent")
    attendance.check_in(came, by=staff)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            f"/staff/events/{today.pk}/certificates/", {"kind": "completion"}, follow=True
        )
    again = client.post(
        f"/staff/events/{today.pk}/certificates/", {"kind": "attendance"}, follow=True
    )

    certificate = Certificate.objects.get()
    assert certificate.registration == came and certificate.kind == CertificateKind.COMPLETION
    assert "1 certificates issued" in first.content.decode()
    assert "Everyone checked in already has a certificate." in again.content.decode()
    assert not Certificate.objects.filter(registration=absent).exists()
    told = mail.outbox[-1]
    assert told.to == [came.user.email] and certificate.token in told.body
    with pytest.raises(ValidationError, match="revoke it instead"):
        attendance.undo_check_in(came)


def test_the_verification_page_is_public_and_says_so_when_revoked(client, staff, today):
    mine = seat(today)
    attendance.check_in(mine, by=staff)
    (certificate,) = attendance.issue_certificates(today, kind="attendance", by=staff)
    url = f"/certificates/{certificate.token}/"

    valid = client.get(url).content.decode()
    client.force_login(staff)
    refused = client.post(f"/staff/certificates/{certificate.pk}/revoke/", {"reason": ""})
    client.post(
        f"/staff/certificates/{certificate.pk}/revoke/", {"reason": "Signed in for a colleague."}
    )
    client.logout()
    revoked = client.get(url).content.decode()

    assert "This certificate is genuine" in valid and "Li Na" in valid
    assert "Sustainable procurement day" in valid and mine.user.email not in valid
    assert "Say why the certificate is revoked." in refused.content.decode()
    assert "This certificate was revoked on" in revoked and "genuine" not in revoked
    assert client.get(f"/certificates/{'x' * 43}/").status_code == 404
    assert len(certificate.token) >= 43
    assert certificate.token != Certificate(registration=mine, kind="attendance").token


def test_the_pdf_is_the_participants_in_their_language_with_the_company_in_chinese(
    client, staff, today, supplier
):
    try:
        certificate_pdf.weasyprint_html()
    except certificate_pdf.PdfUnavailable:
        pytest.skip("Pango is not installed (README): no PDF can be made")
    company = SupplierFactory(
        legal_name="Fuzhou Bamboo Co., Ltd.", legal_name_local="福州竹业有限公司"
    )
    mine = seat(today, email="wang@example.cn", name="王芳", language="zh-hans")
    mine.supplier = company
    mine.save()
    attendance.check_in(mine, by=staff)
    (certificate,) = attendance.issue_certificates(today, kind="attendance", by=staff)
    client.force_login(mine.user)

    page = client.get(f"/events/{today.pk}/").content.decode()
    response = client.get(f"/certificates/{certificate.pk}/pdf/")
    client.force_login(supplier)
    stranger = client.get(f"/certificates/{certificate.pk}/pdf/")

    assert f'href="/certificates/{certificate.pk}/pdf/"' in page
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", "", text)
    assert "王芳" in text and "福州竹业有限公司" in text and "FuzhouBamboo" in text
    assert "出席证书" in text and "特此证明" in text
    assert certificate.token in text
    assert stranger.status_code == 404


def test_nobody_but_staff_reaches_the_door(client, today, supplier):
    client.force_login(supplier)

    assert client.get(f"/staff/events/{today.pk}/check-in/").status_code == 403
    assert timezone.now() < today.starts_at


def test_staff_download_the_registrations_with_attendance_and_certificates(client, staff, today):
    company = SupplierFactory(
        legal_name="=cmd|' /C calc'!A0",  # a formula: written as text
        legal_name_local="福州竹业有限公司",
    )
    type(company).objects.filter(pk=company.pk).update(women_owned=True)  # as declared
    came = seat(today, email="came@example.cn", name="Li Na")
    came.supplier = type(company).objects.get(pk=company.pk)
    came.save()
    seat(today, email="absent@example.cn", name="Zhao Lei")
    attendance.check_in(came, by=staff)
    attendance.issue_certificates(today, kind="completion", by=staff)
    client.force_login(staff)

    page = client.get(f"/staff/events/{today.pk}/").content.decode()
    response = client.get(f"/staff/events/{today.pk}/registrations.csv")

    assert f'href="/staff/events/{today.pk}/registrations.csv"' in page
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail", "Company"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Li Na"][2] == "'=cmd|' /C calc'!A0"
    assert by_name["Li Na"][3] == "福州竹业有限公司" and by_name["Li Na"][6] == "Yes"
    assert by_name["Li Na"][11] and by_name["Li Na"][12] == "Certificate of completion"
    assert by_name["Zhao Lei"][11] == "" and by_name["Zhao Lei"][12] == ""
