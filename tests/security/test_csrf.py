"""Every state-changing request needs the CSRF token: a POST without it to any URL of the site is
refused before its view runs, and changes nothing. The one exception is the one-click unsubscribe
link (RFC 8058), whose signed token is the credential: mail clients POST it without cookies."""

import pytest
from django.http import HttpResponseForbidden

from notices.alerts.models import Alert
from tests.security.conftest import database_state

pytestmark = pytest.mark.django_db

REFUSED = "refused: no CSRF token"


def csrf_failure(request, reason=""):
    """Stands in for Django's CSRF failure page, so that its 403 can't be taken for another."""
    return HttpResponseForbidden(REFUSED)


@pytest.fixture(autouse=True)
def _recognisable_csrf_failures(settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.csrf_failure"


@pytest.mark.parametrize("persona", ["anonymous", "supplier", "staff", "admin"])
def test_a_post_without_the_csrf_token_is_refused_everywhere(world, site_rows, persona):
    client = world.client(persona, enforce_csrf_checks=True)
    rows = site_rows
    before = database_state()
    accepted = []
    for _route, path, _codes in rows:
        if path.startswith("/alerts/unsubscribe/"):
            continue
        response = client.post(path, {"name": "x", "email": "x@example.com", "action": "delete"})
        if response.status_code != 403 or response.content.decode() != REFUSED:
            accepted.append(f"{path}: {response.status_code}")
    assert not accepted, "POST without a CSRF token not refused:\n" + "\n".join(accepted)
    assert database_state() == before


def test_the_one_click_unsubscribe_works_without_a_csrf_token(world):
    client = world.client("anonymous", enforce_csrf_checks=True)

    response = client.post(f"/alerts/unsubscribe/{world.unsubscribe_token}/")

    assert response.status_code == 200
    assert Alert.objects.get(pk=world.alert.pk).is_paused


def test_a_forged_unsubscribe_token_changes_nothing(world):
    client = world.client("anonymous", enforce_csrf_checks=True)

    response = client.post(f"/alerts/unsubscribe/{world.unsubscribe_token}x/")

    assert response.status_code == 400
    assert not Alert.objects.get(pk=world.alert.pk).is_paused
