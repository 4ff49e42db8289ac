"""/alerts/<id>/delete/ asks first, names the alert and what it matches; deleting stops it matching at
once, and the list offers to undo it for criteria.UNDO_WINDOW, which brings it back exactly. Then the
periodic purge deletes it for good, leaving its e-mails in the log."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notices.alerts import criteria, digests, dispatch
from notices.alerts.models import Alert, AlertDelivery, AlertRoute
from notices.tasks import purge_deleted_alerts
from tests.notices.factories import NoticeFactory, make_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(supplier):
    return make_alert(
        user=supplier,
        name="Street lights",
        categories=["39110000", "4323"],
        countries=["KE"],
        keywords="solar",
        frequency="weekly",
        is_paused=False,
    )


def test_delete_asks_first_naming_the_alert_and_what_it_matches(client, supplier, alert):
    NoticeFactory(title="Solar street lights", categories=["39111603"], countries=["KE"])
    client.force_login(supplier)

    response = client.get(f"/alerts/{alert.pk}/delete/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Delete “Street lights”?" in content
    assert "Lighting Fixtures and Accessories" in content and "43230000" in content
    assert "1 open notice matches it now" in content and "Solar street lights" in content
    assert Alert.objects.get(pk=alert.pk).deleted_at is None, "asking deletes nothing"


def test_the_list_links_to_the_confirmation_not_to_a_one_click_delete(client, supplier, alert):
    client.force_login(supplier)

    content = client.get("/alerts/").content.decode()

    assert f'href="/alerts/{alert.pk}/delete/"' in content
    assert f'action="/alerts/{alert.pk}/delete/"' not in content


def test_deleting_stops_the_alert_matching_at_once_and_offers_to_undo(client, supplier, alert):
    client.force_login(supplier)

    response = client.post(f"/alerts/{alert.pk}/delete/")
    page = client.get("/alerts/").content.decode()

    assert response["Location"] == "/alerts/"
    assert not AlertRoute.objects.filter(alert=alert).exists()
    assert "“Street lights” is deleted." in page
    assert f'action="/alerts/{alert.pk}/restore/"' in page
    assert f'href="/alerts/{alert.pk}/"' not in page, "its card is gone"
    notice = NoticeFactory(categories=["39111603"], countries=["KE"], title="Solar lamps")
    dispatch.queue_for_notice(notice)
    assert not AlertDelivery.objects.exists()


def test_undo_restores_the_alert_exactly(client, supplier, alert):
    criteria.set_paused(alert, paused=True)
    before = criteria.criteria_of(alert)
    client.force_login(supplier)

    client.post(f"/alerts/{alert.pk}/delete/")
    response = client.post(f"/alerts/{alert.pk}/restore/")

    restored = Alert.objects.get(pk=alert.pk)
    assert response["Location"] == "/alerts/"
    assert restored.deleted_at is None
    assert (restored.name, restored.frequency, restored.is_paused) == (
        "Street lights",
        "weekly",
        True,
    )
    assert restored.keywords == "solar"
    assert criteria.criteria_of(restored) == before
    assert "“Street lights” is restored." in client.get("/alerts/").content.decode()


def lamp_notice(title="Solar lamps"):
    """A notice the fixture's alert matches."""
    dispatch.queue_for_notice(NoticeFactory(categories=["39111603"], countries=["KE"], title=title))


def test_a_restored_alert_gets_back_exactly_its_sent_history_and_matches_again(
    client, supplier, alert
):
    lamp_notice()
    other = make_alert(user=supplier, name="Software", categories=["43"])
    dispatch.queue_for_notice(NoticeFactory(title="Word processing", categories=["43232104"]))
    criteria.delete_alert(other)
    client.force_login(supplier)

    client.post(f"/alerts/{alert.pk}/delete/")
    log = client.get("/alerts/log/").content.decode()
    lamp_notice("While deleted")
    client.post(f"/alerts/{alert.pk}/restore/")
    lamp_notice()

    assert "An alert you deleted" in log and "Street lights" not in log
    assert not AlertDelivery.objects.filter(notice__title="While deleted").exists()
    assert AlertDelivery.objects.filter(alert=alert).count() == 2
    theirs = AlertDelivery.objects.get(notice__title="Word processing")
    assert theirs.alert_id is None, "the rows of another deleted alert stay apart"
    assert alert.routes.exists()
    assert Alert.objects.get(pk=alert.pk).detached_deliveries == []


def test_undo_is_refused_once_its_time_is_over(client, supplier, alert):
    client.force_login(supplier)
    client.post(f"/alerts/{alert.pk}/delete/")
    Alert.objects.filter(pk=alert.pk).update(
        deleted_at=timezone.now() - criteria.UNDO_WINDOW - timedelta(minutes=1)
    )

    assert "is deleted." not in client.get("/alerts/").content.decode()
    assert client.post(f"/alerts/{alert.pk}/restore/").status_code == 404


def test_the_purge_deletes_for_good_after_the_undo_window_and_leaves_the_log(supplier, alert):
    dispatch.queue_for_notice(
        NoticeFactory(categories=["39111603"], countries=["KE"], title="Solar")
    )
    criteria.delete_alert(alert)
    recent = criteria.delete_alert(make_alert(user=supplier, name="Recent"))
    Alert.objects.filter(pk=alert.pk).update(
        deleted_at=timezone.now() - criteria.UNDO_WINDOW - timedelta(minutes=1)
    )

    assert purge_deleted_alerts() == 1
    assert list(Alert.objects.values_list("pk", flat=True)) == [recent.pk]
    assert AlertDelivery.objects.get().alert_id is None


def test_nobody_else_can_delete_or_undo_an_alert(client, supplier, other_supplier, alert):
    client.force_login(other_supplier)

    assert client.get(f"/alerts/{alert.pk}/delete/").status_code == 404
    assert client.post(f"/alerts/{alert.pk}/delete/").status_code == 404
    criteria.delete_alert(alert)
    assert client.post(f"/alerts/{alert.pk}/restore/").status_code == 404
    assert "Street lights" not in client.get("/alerts/").content.decode()
    assert Alert.objects.get(pk=alert.pk).deleted_at is not None


def test_a_deleted_alert_cannot_be_edited_paused_or_deleted_again(client, supplier, alert):
    criteria.delete_alert(alert)
    client.force_login(supplier)

    assert client.get(f"/alerts/{alert.pk}/").status_code == 404
    assert client.post(f"/alerts/{alert.pk}/pause/").status_code == 404
    assert client.get(f"/alerts/{alert.pk}/delete/").status_code == 404


def test_a_live_alert_cannot_be_restored(client, supplier, alert):
    client.force_login(supplier)

    assert client.post(f"/alerts/{alert.pk}/restore/").status_code == 404


@pytest.mark.parametrize("url", ["/alerts/1/delete/", "/alerts/1/restore/"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    assert client.get(url)["Location"].startswith("/accounts/login/")


def test_the_workspace_does_not_count_a_deleted_alert(supplier, alert):
    from portal.workspace import alerts_with_matches

    criteria.delete_alert(alert)

    assert alerts_with_matches(supplier, now=timezone.now()) == ([], 0)


def test_what_a_deleted_alert_still_had_waiting_is_not_sent_and_comes_back_with_undo(
    client, supplier, alert
):
    dispatch.queue_for_notice(
        NoticeFactory(categories=["39111603"], countries=["KE"], title="Solar street lights")
    )
    waiting = AlertDelivery.objects.get(alert=alert)
    assert waiting.status == "pending" and waiting.frequency == "weekly"
    client.force_login(supplier)

    client.post(f"/alerts/{alert.pk}/delete/")
    sent_while_deleted = digests.send_digests("weekly", due_now=True)
    withdrawn = AlertDelivery.objects.get(pk=waiting.pk)
    log = client.get("/alerts/log/").content.decode()
    client.post(f"/alerts/{alert.pk}/restore/")

    assert sent_while_deleted["digests"] == 0 and not mail.outbox
    assert withdrawn.status == "withdrawn" and withdrawn.sent_at is None
    assert "Not sent (alert deleted)" in log
    assert AlertDelivery.objects.get(pk=waiting.pk).status == "pending"
    assert AlertDelivery.objects.get(pk=waiting.pk).alert_id == alert.pk
