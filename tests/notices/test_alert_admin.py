"""The alert pipeline in the admin: an admin finds a user's alerts and the e-mails queued for them,
with each one's status and last error, by the user's address; nobody edits them there."""

import pytest

from notices.alerts import dispatch
from notices.alerts.admin import CappedPaginator
from notices.alerts.models import AlertDelivery, SuppressedAddress
from tests.factories import UserFactory
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(supplier, other_supplier):
    make_alert(user=supplier, name="Solar lamps", categories=["39"])
    make_alert(user=other_supplier, name="Someone else's", categories=["39"])
    dispatch.queue_for_notice(NoticeFactory(title="Street lights", categories=["39111603"]))
    AlertDelivery.objects.filter(user=supplier).update(
        status="failed", last_error="SMTPRecipientsRefused: mailbox full"
    )


def test_an_admin_finds_a_users_alerts_by_their_address(client, admin_user, queued):
    client.force_login(admin_user)

    page = client.get("/admin/notices/alert/", {"q": "supplier@example.com"}).content.decode()

    assert "Solar lamps" in page and "Someone else&#x27;s" not in page


def test_an_admin_sees_why_an_e_mail_was_not_delivered(client, admin_user, supplier, queued):
    client.force_login(admin_user)

    page = client.get("/admin/notices/alertdelivery/", {"q": supplier.email}).content.decode()
    failed = client.get("/admin/notices/alertdelivery/", {"status__exact": "failed"})

    assert "mailbox full" in page and "other@example.com" not in page
    assert list(failed.context["cl"].result_list) == list(
        AlertDelivery.objects.filter(user=supplier)
    )


def test_alerts_and_the_outbox_cannot_be_changed_in_the_admin(client, admin_user, supplier, queued):
    client.force_login(admin_user)
    row = AlertDelivery.objects.filter(user=supplier).first()
    alert = supplier.alerts.get()

    assert client.get("/admin/notices/alert/add/").status_code == 403
    assert (
        client.post(f"/admin/notices/alert/{alert.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    change = client.post(f"/admin/notices/alertdelivery/{row.pk}/change/", {"status": "pending"})
    assert change.status_code == 403
    assert AlertDelivery.objects.get(pk=row.pk).status == "failed"
    assert client.get(f"/admin/notices/alertdelivery/{row.pk}/change/").status_code == 200


def test_deleting_a_suppressed_address_lets_mail_reach_it_again(client, admin_user):
    address = SuppressedAddress.objects.create(email="bounced@example.com", reason="550 no user")
    client.force_login(admin_user)

    client.post(f"/admin/notices/suppressedaddress/{address.pk}/delete/", {"post": "yes"})

    assert not SuppressedAddress.objects.exists()


def test_suppliers_do_not_reach_the_pipeline_in_the_admin(client, supplier):
    client.force_login(supplier)

    response = client.get("/admin/notices/alertdelivery/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_outbox_list_counts_no_further_than_its_cap(db):
    user, notice = UserFactory(), NoticeFactory()
    AlertDelivery.objects.bulk_create(
        AlertDelivery(user=user, notice=notice, kind="reminder", event=str(n)) for n in range(7)
    )
    CappedPaginator.CAP, cap = 5, CappedPaginator.CAP
    try:
        assert CappedPaginator(AlertDelivery.objects.all(), 2).count == 5
    finally:
        CappedPaginator.CAP = cap
