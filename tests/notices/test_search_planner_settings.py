"""On PostgreSQL the list page's statements (count, page, facets) run with the planner settings of
`search.PLANNER_SETTINGS`, in a transaction of their own; every other statement keeps the server's."""

import pytest
from django.db import connection, transaction

from notices import search
from tests.notices.factories import AgencyFactory, NoticeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the settings last as long as their transaction
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def current() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(["current_setting(%s)"] * len(search.PLANNER_SETTINGS)),
            list(search.PLANNER_SETTINGS),
        )
        return dict(zip(search.PLANNER_SETTINGS, cursor.fetchone(), strict=True))


def test_the_search_page_runs_with_the_planner_settings_of_a_search(client):
    NoticeFactory(title="Solar water pumps", agency=AgencyFactory(acronym="UNDP"))
    NoticeFactory(title="Solar lanterns", agency=AgencyFactory(acronym="WFP"))
    server = current()
    assert server != search.PLANNER_SETTINGS  # else this test could not tell
    seen = []

    def spy(execute, sql, params, many, context):
        """The settings in force as each statement on the notices ran (read right after it, in
        the same transaction)."""
        result = execute(sql, params, many, context)
        if '"notices_notice"' in sql and "current_setting" not in sql:
            seen.append(current())
        return result

    with connection.execute_wrapper(spy):
        response = client.get("/notices/", {"q": "solar", "agency": "UNDP"})

    assert response.status_code == 200
    assert "Solar water pumps" in response.text and "Solar lanterns" not in response.text
    assert len(seen) >= 2  # the count and the page at least (the facets may come from the cache)
    assert all(settings == search.PLANNER_SETTINGS for settings in seen)
    assert current() == server


def test_other_statements_keep_the_servers_settings():
    server = current()
    with search.planned_for_search():
        assert current() == search.PLANNER_SETTINGS
    assert current() == server


def test_a_callers_transaction_keeps_the_servers_settings():
    """Set in a caller's transaction, they would last to its end, past the search."""
    server = current()
    with transaction.atomic():
        with search.planned_for_search():
            assert current() == server
        assert current() == server
