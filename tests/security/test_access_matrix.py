"""Who gets what on every URL of the site: anonymous visitors, the supplier (who owns the profile,
the document and the alert used here), another supplier, program staff and an admin.

The rows cover every pattern the URL resolver knows: a new URL without a row fails
`test_every_url_of_the_site_has_a_row`. Codes: a number is the status; "login" is a redirect to
allauth's login page, "admin-login" to the admin's (which sends on to allauth's), "→/x" a redirect
to a location that starts with /x. Staff and admins have the second factor the portal asks of
them; without it, they get nothing but their account's pages (`without_second_factor`).
No GET of any row changes a row of the database (sessions aside).
"""

import pytest
from django.contrib import admin

from tests.factories import AdminFactory, ProgramStaffFactory
from tests.security.access_matrix import ADMIN_MODELS, AL, SECOND_FACTOR, L, without_second_factor
from tests.security.conftest import PERSONAS, all_routes, database_state

pytestmark = pytest.mark.django_db


def observed(response) -> object:
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith("/accounts/login/"):
        return L
    if location.startswith("/admin/login/"):
        return AL
    return "→" + location


def matches(expected, got) -> bool:
    if isinstance(expected, str) and expected.startswith("→"):
        return isinstance(got, str) and got.startswith(expected)
    return expected == got


def test_every_url_of_the_site_has_a_row(site_rows):
    covered = {route for route, _path, _codes in site_rows}
    missing = [route for route in all_routes() if route not in covered]
    assert not missing, f"URLs without a row in the access matrix: {missing}"
    assert set(ADMIN_MODELS) == {m._meta.label_lower for m in admin.site._registry}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_access_matrix(world, site_rows, persona):
    column = PERSONAS.index(persona)
    client = world.client(persona)
    rows = site_rows
    before = database_state()
    wrong = []
    for _route, path, codes in rows:
        got = observed(client.get(path))
        if not matches(codes[column], got):
            wrong.append(f"{path}: expected {codes[column]}, got {got}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)
    after = database_state()
    changed = [table for table in before if before[table] != after[table]]
    assert not changed, f"GET requests changed {changed}"


@pytest.mark.parametrize("factory", [ProgramStaffFactory, AdminFactory], ids=["staff", "admin"])
def test_staff_without_a_second_factor_open_no_page_but_their_account(client, site_rows, factory):
    client.force_login(factory(second_factor=False))
    before = database_state()
    wrong, refused = [], 0
    for _route, path, codes in site_rows:
        expected = without_second_factor(path, codes)
        got = observed(client.get(path))
        refused += expected == SECOND_FACTOR
        if not matches(expected, got):
            wrong.append(f"{path}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)
    assert refused > 100, "every staff page is among the rows"
    assert database_state() == before
