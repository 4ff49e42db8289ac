"""Program staff's view of the companies interested in a notice (/staff/notices/<id>/interested/):
the list with what staff weigh, its CSV download, and a message to all of them through the
alert outbox, each e-mail in its reader's language."""

import csv
import io

import pytest
from django.core import mail

from notices import interest
from notices.alerts import sending
from notices.alerts.models import AlertDelivery, DeliveryKind
from notices.interest_models import InterestMessage
from portal.interest import interested_company
from tests.factories import UserFactory
from tests.notices.factories import NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    return NoticeFactory(title="Solar lanterns for schools", reference="RFQ/2026/777")


def express(notice, user, note=""):
    return interest.express_interest(notice, user=user, company=interested_company(user), note=note)


@pytest.fixture
def interested(notice, supplier, company):
    """Two interested companies: the supplier persona's (English) and a Chinese reader's, whose
    company is women-owned and names itself with a formula."""
    express(notice, supplier, note="Lots 1 and 3")
    reader = UserFactory(email="lotus@example.cn", language="zh-hans", name="")
    SupplierFactory(
        owner=reader,
        status="approved",
        legal_name="=HYPERLINK(1)",
        legal_name_local="莲花照明有限公司",
        women_ownership_pct=60,
    )
    express(notice, reader)
    return reader


def test_staff_see_the_interested_companies_with_what_they_weigh(client, staff, interested, notice):
    client.force_login(staff)

    response = client.get(f"/staff/notices/{notice.pk}/interested/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "2 companies have expressed interest." in content
    assert "Lotus Solar Co., Ltd." in content and "supplier@example.com" in content
    assert "Lots 1 and 3" in content
    assert "Small" in content  # 25 employees: the size class
    assert "Yes (declared)" in content  # women-owned, not verified
    assert "26000000" in content  # the company's category
    assert "UNGM Basic" in content  # the factory's profile is ready for it


def test_the_staff_notice_page_links_to_the_interested_companies(client, staff, notice):
    client.force_login(staff)

    content = client.get(f"/staff/notices/{notice.pk}/").content.decode()

    assert f'href="/staff/notices/{notice.pk}/interested/"' in content


def test_the_csv_lists_them_and_no_cell_can_run_as_a_formula(client, staff, interested, notice):
    client.force_login(staff)

    response = client.get(f"/staff/notices/{notice.pk}/interested.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert f'filename="interested-{notice.pk}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Company", "Company (local name)", "Contact e-mail", "Size class"]
    assert [row[0] for row in rows[1:]] == ["Lotus Solar Co., Ltd.", "'=HYPERLINK(1)"]
    assert rows[2][1] == "莲花照明有限公司" and rows[2][4] == "Yes"
    assert rows[1][-1] == "Lots 1 and 3"


@pytest.mark.parametrize(
    "path", ["/staff/notices/{pk}/interested/", "/staff/notices/{pk}/interested.csv"]
)
def test_suppliers_are_refused_and_visitors_sent_to_log_in(client, supplier, notice, path):
    url = path.format(pk=notice.pk)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    client.force_login(supplier)
    assert client.get(url).status_code == 403


def test_an_unknown_notice_is_not_found(client, staff):
    client.force_login(staff)

    assert client.get("/staff/notices/999999/interested/").status_code == 404


def test_a_message_reaches_each_interested_supplier_in_their_language(
    client, staff, interested, notice
):
    client.force_login(staff)

    response = client.post(
        f"/staff/notices/{notice.pk}/interested/message/",
        {"subject": "Site visit on 12 May", "body": "Meet at the gate at 9:00.\n现场踏勘 9 点。"},
    )

    assert response.status_code == 302
    message = InterestMessage.objects.get()
    assert (message.subject, message.recipients, message.sent_by) == (
        "Site visit on 12 May",
        2,
        staff,
    )
    rows = AlertDelivery.objects.filter(kind=DeliveryKind.INTERESTED)
    assert sorted(rows.values_list("user__email", "event")) == [
        ("lotus@example.cn", str(message.pk)),
        ("supplier@example.com", str(message.pk)),
    ]
    assert sending.send_pending()["sent"] == 2
    sent = {email.to[0]: email for email in mail.outbox}
    english, chinese = sent["supplier@example.com"], sent["lotus@example.cn"]
    assert english.subject == "Site visit on 12 May (RFQ/2026/777)"
    assert "Program staff wrote to every company that expressed interest" in english.body
    assert "Meet at the gate at 9:00.\n现场踏勘 9 点。" in english.body
    assert "项目工作人员给所有对此公告表达意向的公司写了一封消息" in chinese.body
    assert "Meet at the gate at 9:00.\n现场踏勘 9 点。" in chinese.body
    assert "List-Unsubscribe" not in chinese.extra_headers, "a bidder's message, not a list"
    assert "请在公告页面上撤回意向" in chinese.body


def test_a_message_is_written_once_per_recipient(staff, interested, notice):
    interest.message_interested(notice, subject="One", body="Text", by=staff)

    assert AlertDelivery.objects.filter(kind=DeliveryKind.INTERESTED).count() == 2


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"subject": "", "body": "Text"}, "This field is required."),
        ({"subject": "Subject", "body": ""}, "This field is required."),
        ({"subject": "S" * 151, "body": "Text"}, "at most 150 characters"),
    ],
)
def test_a_message_without_subject_or_body_is_refused(
    client, staff, interested, notice, data, error
):
    client.force_login(staff)

    response = client.post(f"/staff/notices/{notice.pk}/interested/message/", data)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not InterestMessage.objects.exists()
    assert not AlertDelivery.objects.filter(kind=DeliveryKind.INTERESTED).exists()


def test_writing_to_them_is_for_staff_and_by_post(client, supplier, staff, interested, notice):
    url = f"/staff/notices/{notice.pk}/interested/message/"
    assert client.post(url, {"subject": "S", "body": "B"})["Location"].startswith(
        "/accounts/login/"
    )
    client.force_login(supplier)
    assert client.post(url, {"subject": "S", "body": "B"}).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 405
    assert not InterestMessage.objects.exists()
