"""/alerts/: list, create (also from a search), edit with a preview, pause, resume, delete, the log."""

import pytest

from notices.alerts import criteria, dispatch
from notices.alerts.models import Alert
from tests.notices.factories import AgencyFactory, NoticeFactory, make_alert

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/alerts/", "/alerts/new/", "/alerts/log/"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    assert client.get(url)["Location"] == f"/accounts/login/?next={url}"


def test_creating_an_alert(client, supplier):
    agency = AgencyFactory(acronym="UNICEF")
    client.force_login(supplier)

    response = client.post(
        "/alerts/new/",
        {
            "name": "Medical kits",
            "keywords": "medical kits",
            "categories": "42, 4214",
            "countries": ["CN"],
            "agencies": [agency.pk],
            "notice_types": ["rfq"],
            "frequency": "daily",
        },
    )

    assert response["Location"] == "/alerts/"
    alert = Alert.objects.get(user=supplier)
    assert (alert.name, alert.frequency, alert.any_category) == ("Medical kits", "daily", False)
    assert sorted(alert.category_prefixes.values_list("prefix", flat=True)) == ["42", "4214"]
    assert sorted(alert.keyword_terms.values_list("term", flat=True)) == ["kits", "medical"]
    # The matcher's routes, one per prefix, carry the other criteria.
    routes = alert.routes.order_by("prefix").values_list(
        "prefix", "user_id", "frequency", "countries", "agencies", "notice_types", "has_keywords"
    )
    assert list(routes) == [
        (prefix, supplier.pk, "daily", ",CN,", f",{agency.pk},", ",rfq,", True)
        for prefix in ["42", "4214"]
    ]


def test_a_bad_category_code_is_refused_and_the_input_kept(client, supplier):
    client.force_login(supplier)

    response = client.post(
        "/alerts/new/", {"name": "Mine", "categories": "42, 4A, 00", "frequency": "instant"}
    )

    assert b"4A, 00: a category is 2, 4, 6 or 8 digits" in response.content
    assert b'value="Mine"' in response.content
    assert not Alert.objects.exists()


@pytest.mark.parametrize("agency", ["9" * 20, "-3", "1e3", "٣"])
def test_an_agency_that_cannot_exist_is_refused_and_the_input_kept(client, supplier, agency):
    """A tampered agency id (found by the form fuzzing: larger than any key) is a form error."""
    client.force_login(supplier)

    response = client.post(
        "/alerts/new/", {"name": "Mine", "agencies": [agency], "frequency": "instant"}
    )

    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
    assert b'value="Mine"' in response.content
    assert not Alert.objects.exists()


def test_saving_a_search_carries_its_filters_over(client, supplier):
    client.force_login(supplier)

    page = client.get(
        "/alerts/new/?q=solar+pumps&category=26&country=KE&type=itb&sme_friendly=true"
    )

    initial = page.context["form"].initial
    assert (initial["keywords"], initial["categories"], initial["countries"]) == (
        "solar pumps",
        ["26"],
        ["KE"],
    )
    assert initial["notice_types"] == ["itb"] and initial["sme_friendly"] is True


def test_saving_a_search_keeps_its_agency(client, supplier):
    undp = AgencyFactory(acronym="UNDP")
    client.force_login(supplier)

    content = client.get("/alerts/new/?q=solar&agency=UNDP").content.decode()

    assert f'<option value="{undp.pk}" selected>' in content


def test_the_search_page_offers_to_save_the_search(client, supplier):
    client.force_login(supplier)

    content = client.get("/notices/?q=solar").content.decode()

    assert 'href="/alerts/new/?q=solar"' in content


def test_the_list_counts_matches_of_the_last_30_days(client, supplier):

    make_alert(user=supplier, name="Everything")
    dispatch.queue_for_notice(NoticeFactory())
    dispatch.queue_for_notice(NoticeFactory())
    client.force_login(supplier)

    response = client.get("/alerts/")

    assert response.context["cards"][0].alert.matched_30_days == 2
    assert b"2 e-mailed to you in the last 30 days" in response.content


def test_a_deleted_alerts_emails_stay_in_the_log_without_it(client, supplier):
    from notices.alerts.models import AlertDelivery

    alert = make_alert(user=supplier, name="Old search")
    dispatch.queue_for_notice(NoticeFactory(title="Solar pumps"))
    client.force_login(supplier)

    client.post(f"/alerts/{alert.pk}/delete/")

    assert AlertDelivery.objects.get().alert_id is None
    content = client.get("/alerts/log/").content.decode()
    assert "Solar pumps" in content and "An alert you deleted" in content


def test_editing_shows_the_notices_it_would_match_now(client, supplier):
    alert = make_alert(user=supplier, categories=["43"])
    NoticeFactory(title="Software licences")
    NoticeFactory(title="Trucks", categories=["25101500"])
    client.force_login(supplier)

    response = client.get(f"/alerts/{alert.pk}/")

    assert [n.title for n in response.context["preview"]] == ["Software licences"]
    assert response.context["form"].initial["categories"] == ["43000000"]


def test_pause_resume_and_delete(client, supplier):
    alert = make_alert(user=supplier)
    client.force_login(supplier)

    client.post(f"/alerts/{alert.pk}/pause/")
    alert.refresh_from_db()
    assert alert.is_paused
    client.post(f"/alerts/{alert.pk}/pause/", {"paused": "false"})
    alert.refresh_from_db()
    assert not alert.is_paused
    client.post(f"/alerts/{alert.pk}/delete/")
    assert not criteria.alerts_of(supplier).exists()


def test_nobody_sees_or_changes_another_users_alert(client, supplier, other_supplier):
    alert = make_alert(user=supplier, name="Secret plans")
    client.force_login(other_supplier)

    assert client.get(f"/alerts/{alert.pk}/").status_code == 404
    assert client.post(f"/alerts/{alert.pk}/delete/").status_code == 404
    assert client.post(f"/alerts/{alert.pk}/pause/").status_code == 404
    assert b"Secret plans" not in client.get("/alerts/").content
    assert Alert.objects.filter(pk=alert.pk, is_paused=False).exists()


def test_state_changes_refuse_get(client, supplier):
    alert = make_alert(user=supplier)
    client.force_login(supplier)

    assert client.get(f"/alerts/{alert.pk}/restore/").status_code == 405
    assert client.get(f"/alerts/{alert.pk}/pause/").status_code == 405
