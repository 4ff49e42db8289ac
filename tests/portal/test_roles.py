"""Roles: the Program staff group, staff-only pages, and what suppliers and visitors get there."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_the_program_staff_group_exists_after_migrating():
    assert Group.objects.filter(name="Program staff").exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_a_supplier_gets_403_on_a_staff_page(client, supplier):
    client.force_login(supplier)

    response = client.get("/dashboard/")

    assert response.status_code == 403
    assert b"have access to this page" in response.content


def test_program_staff_see_the_dashboard(client, staff, supplier):
    client.force_login(staff)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert response.context["accounts"]["total"] == 2
    assert response.context["accounts"]["program_staff"] == 1


def test_superusers_are_program_staff_too(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/dashboard/").status_code == 200


def test_the_menu_shows_staff_links_only_to_staff(client, supplier, staff):
    client.force_login(supplier)
    assert b'href="/dashboard/"' not in client.get("/").content
    assert b'href="/admin/"' not in client.get("/").content

    client.force_login(staff)
    page = client.get("/").content
    assert b'href="/dashboard/"' in page
    assert b'href="/admin/"' in page


def test_the_dashboard_refuses_post(client, staff):
    client.force_login(staff)

    assert client.post("/dashboard/").status_code == 405
