"""Keywords that read as nothing (only quotes, OR, minus signs, punctuation) are refused with a form
error that keeps what was typed: saved, they made an alert that let every notice through.

An empty keyword field still means "any keyword" (the form's lead says so)."""

import html

import pytest

from accounts.models import Language
from notices.alerts.models import Alert
from tests.notices.factories import make_alert

pytestmark = pytest.mark.django_db

DEGENERATE = [
    '"',
    '""',
    '" "',
    "OR",
    "or OR",
    "-",
    "- -",
    '-""',
    "...",
    "!?",
    "。",
    "，、",
    '"-" OR',
]


def post_alert(client, **fields):
    data = {"name": "Pumps", "frequency": "instant", **fields}
    return client.post("/alerts/new/", data)


@pytest.mark.parametrize("typed", DEGENERATE)
def test_keywords_that_read_as_nothing_are_refused_and_kept(client, supplier, typed):
    client.force_login(supplier)

    response = post_alert(client, keywords=typed, categories="2617")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["keywords"]
    assert "holds no word to look for" in errors["keywords"][0]
    content = response.content.decode()
    assert f'value="{html.escape(typed)}"' in content
    assert 'value="26170000" checked' in content and 'value="Pumps"' in content
    assert not Alert.objects.exists()


@pytest.mark.parametrize("typed", DEGENERATE)
def test_excluded_keywords_that_read_as_nothing_are_refused(client, supplier, typed):
    client.force_login(supplier)

    response = post_alert(client, keywords="solar", excluded_keywords=typed)

    assert list(response.context["form"].errors) == ["excluded_keywords"]
    assert "holds no word to leave out" in response.context["form"].errors["excluded_keywords"][0]
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    ("keywords", "excluded", "terms"),
    [
        ("", "", []),
        ("   ", "", []),  # white space alone is an empty field: any keyword
        ("-diesel", "", [("diesel", True)]),
        ('"solar pumps" OR', "", [("solar pumps", False)]),
        ("", '"diesel"', [("diesel", True)]),
    ],
)
def test_keywords_with_a_term_or_none_at_all_are_saved(client, supplier, keywords, excluded, terms):
    client.force_login(supplier)

    response = post_alert(client, keywords=keywords, excluded_keywords=excluded)

    assert response["Location"] == "/alerts/"
    alert = Alert.objects.get(user=supplier)
    assert list(alert.keyword_terms.values_list("term", "excluded")) == terms


def test_editing_an_alert_to_keywords_of_nothing_is_refused(client, supplier):
    alert = make_alert(user=supplier, name="Solar", keywords="solar")
    client.force_login(supplier)

    response = client.post(
        f"/alerts/{alert.pk}/", {"name": "Solar", "keywords": '"', "frequency": "instant"}
    )

    assert response.status_code == 200
    assert "holds no word to look for" in response.context["form"].errors["keywords"][0]
    alert.refresh_from_db()
    assert alert.keywords == "solar"
    assert list(alert.keyword_terms.values_list("term", flat=True)) == ["solar"]


def test_saving_a_search_of_only_a_quote_as_an_alert_is_refused(client, supplier):
    client.force_login(supplier)
    form = client.get("/alerts/new/?q=%22&category=2617").context["form"]
    data = {name: form.initial.get(name, "") for name in ("name", "keywords", "categories")}

    response = client.post("/alerts/new/", {**data, "frequency": "instant"})

    assert data["keywords"] == '"'
    assert "holds no word to look for" in response.context["form"].errors["keywords"][0]
    assert 'value="26170000" checked' in response.content.decode()
    assert not Alert.objects.exists()


def test_the_error_is_in_chinese_for_a_reader_of_chinese(client, supplier):
    supplier.language = Language.CHINESE
    supplier.save()
    client.force_login(supplier)

    response = post_alert(client, keywords="OR", excluded_keywords="-")

    errors = response.context["form"].errors
    assert "没有可查找的词" in errors["keywords"][0]
    assert "没有可排除的词" in errors["excluded_keywords"][0]
