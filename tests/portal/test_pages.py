"""The site's frame, error pages, and the account preferences page."""

import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_the_home_page_invites_visitors_to_register(client):
    response = client.get("/")

    assert response.status_code == 200
    assert b'href="/accounts/signup/"' in response.content
    assert b'<main id="main"' in response.content
    assert b'href="#main"' in response.content, "a skip link for keyboard users"


def test_pages_load_the_portals_own_css_and_scripts_only(client):
    content = client.get("/").content.decode()

    assert "/static/css/portal.css" in content
    assert "/static/django-htmx/" in content or "/static/django_htmx/" in content
    assert "//cdn" not in content and "https://" not in content.split("<body")[0]


def test_an_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"find that page" in response.content
    assert b'href="/"' in response.content


def test_the_500_page_renders_without_a_request():
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html


def test_preferences_need_a_login(client):
    response = client.get("/accounts/preferences/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/preferences/"


def test_a_user_saves_language_and_time_zone(client, supplier):
    client.force_login(supplier)

    response = client.post(
        "/accounts/preferences/",
        {"name": "Wang Fang", "language": "zh-hans", "time_zone": "Europe/Zurich"},
        follow=True,
    )

    supplier.refresh_from_db()
    assert (supplier.name, supplier.language, supplier.time_zone) == (
        "Wang Fang",
        "zh-hans",
        "Europe/Zurich",
    )
    assert "已保存".encode() in response.content, "the confirmation is in the new language"


def test_an_unknown_time_zone_is_refused_and_nothing_is_lost(client, supplier):
    client.force_login(supplier)

    response = client.post(
        "/accounts/preferences/",
        {"name": "Wang Fang", "language": "en", "time_zone": "Mars/Olympus"},
    )

    assert response.status_code == 200
    assert b"Mars/Olympus is not one of the available choices" in response.content
    assert b'value="Wang Fang"' in response.content
    supplier.refresh_from_db()
    assert supplier.time_zone == "Asia/Shanghai" and supplier.name != "Wang Fang"


def test_new_users_start_in_shanghai_time():
    from accounts.models import User

    assert User.objects.create_user("x@example.com", "pw").time_zone == "Asia/Shanghai"
