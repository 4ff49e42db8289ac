"""Garbage in every query parameter of the search, the feed, the open-data API and the category
picker: a page (or a 400 that says why), never a server error, never the input reflected unescaped."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.notices.factories import NoticeFactory
from tests.security.conftest import HOSTILE

pytestmark = pytest.mark.django_db

GARBAGE = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(str),
)
SEARCH = [
    "q",
    "category",
    "country",
    "agency",
    "type",
    "status",
    "deadline_after",
    "deadline_before",
    "published_after",
    "sme_friendly",
    "women_owned",
    "sort",
    "page",
]
PAGES = {
    "/notices/": SEARCH,
    "/notices/feed/": SEARCH,
    "/api/notices/": [*SEARCH, "updated_after", "cursor", "order"],
    "/supplier/categories/search/": ["q"],
    "/alerts/new/": SEARCH,
    "/events/": ["kind", "city", "online", "page"],
}
FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def signed_in(client, supplier):
    NoticeFactory(title="Solar water pumps")
    client.force_login(supplier)
    return client


def check(response, values, *, page: str = "") -> None:
    """`page` is the page without the parameters: markup of its own (`<a`) is not a reflection."""
    assert response.status_code in {200, 400}, response.status_code
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        json.loads(body)  # well-formed JSON, whatever it quotes
        return
    for value in values:
        if any(c in value for c in "<>\"'") and len(value) > 1 and value not in page:
            assert value not in body, f"reflected unescaped: {value!r}"


@pytest.mark.parametrize("path", list(PAGES))
def test_garbage_in_every_parameter_is_never_a_server_error(signed_in, path):
    page = signed_in.get(path).content.decode()

    @FUZZ
    @given(st.dictionaries(st.sampled_from(PAGES[path]), GARBAGE, min_size=1))
    def run(params):
        check(signed_in.get(path, params), params.values(), page=page)

    run()


@pytest.mark.parametrize("path", list(PAGES))
def test_each_hostile_value_in_every_parameter_at_once(signed_in, path):
    for value in HOSTILE:
        check(signed_in.get(path, dict.fromkeys(PAGES[path], value)), [value])
