"""One keyword grammar (notices.keywords), three readers that agree: the search page
(`notices.finding.matching`), the alert preview (`notices.alerts.criteria.preview`) and the matching of a
published notice (`notices.alerts.matching.subscriptions_for`). Each case is typed as it would be in the
search box and in the alert's keyword field; all three must find the same notices, on SQLite and on
PostgreSQL (where stemming finds more)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notices import finding, keywords, publishing, search
from notices.alerts import criteria, matching
from notices.models import NoticeType
from tests.notices.factories import AgencyFactory, make_alert

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"

NOTICES = {
    "SOL": ("Solar water pumps for clinics", "Pumps with a diesel backup."),
    "PAN": ("Solar panels and batteries", "Panels only; no generators."),
    "GEN": ("Diesel generators for field offices", "Generators of 20 kVA."),
    "VEH": ("One armoured vehicle", "Right-hand drive."),
    "CN": ("太阳能光伏发电系统采购", "为县级医院采购离网太阳能水泵。"),
    "MIX": ("LED灯 and solar 路灯", "Street lights."),
    "JP": ("ソーラーパネルの調達", "太陽光発電。"),
}
EVERY = set(NOTICES)

# (typed, found on PostgreSQL, found on SQLite when it differs)
CASES = [
    ("solar", {"SOL", "PAN", "MIX"}, None),
    ("SOLAR pumps", {"SOL"}, None),  # English words: all required, any case
    ("pump", {"SOL"}, None),
    ("vehicles", {"VEH"}, set()),  # a stemmed plural (no stemming on SQLite)
    ("generator", {"GEN", "PAN"}, {"GEN", "PAN"}),
    ('"solar panels"', {"PAN"}, None),  # a quoted phrase
    ('"panels solar"', set(), None),  # ... in its order
    ("solar -diesel", {"PAN", "MIX"}, None),  # an exclusion, found in a description
    ('-"diesel backup"', EVERY - {"SOL"}, None),  # an excluded phrase, alone
    ("-procurement", set(), None),  # excluded by the agency's name
    ("genera", {"GEN"}, {"GEN", "PAN"}),  # part of a word of the title (SQLite: of any field)
    ("太阳能", {"CN"}, None),  # a Chinese run, in the title
    ("医院", {"CN"}, None),  # in the description
    ("泵", {"CN"}, None),  # one character, the last of a run of the description
    ("水泥", set(), None),
    ("solar 路灯", {"MIX"}, None),  # mixed Chinese and English
    ("LED灯", {"MIX"}, None),  # Chinese meeting Latin letters: two terms
    ("太阳能，水泵", {"CN"}, None),  # a full-width comma
    ("太阳能、光伏", {"CN"}, None),  # an ideographic comma
    ("solar,pumps", {"SOL"}, None),  # a comma
    ("ソーラー", {"JP"}, None),  # Japanese kana, as a substring
    ("ソーラー -調達", set(), None),
    ("diesel OR solar", {"SOL"}, None),  # no OR: both required
    ("", EVERY, None),
    ("   ", EVERY, None),
]


@pytest.fixture
def published(staff):
    agency = AgencyFactory(acronym="UNKW", name_en="UNKW Procurement")
    notices = {}
    for reference, (title, description) in NOTICES.items():
        draft = publishing.create_draft(
            agency=agency,
            reference=reference,
            values={
                "title": title,
                "description": description,
                "notice_type": NoticeType.REQUEST_FOR_QUOTATION,
                "deadline": timezone.now() + timedelta(days=20),
                "categories": ["43232104"],
                "countries": ["KE"],
            },
            by=staff,
        )
        notices[reference] = publishing.publish(draft, by=staff)
    return notices


def by_search(q: str) -> set[str]:
    return set(finding.matching(search.public_notices(), q).values_list("reference", flat=True))


def by_preview(alert) -> set[str]:
    return {notice.reference for notice in criteria.preview(alert, limit=len(NOTICES) + 1)}


def by_matching(alert, notices) -> set[str]:
    return {
        reference
        for reference, notice in notices.items()
        if alert.pk in {match.alert_id for match in matching.subscriptions_for(notice)}
    }


@pytest.mark.parametrize(("typed", "on_postgresql", "on_sqlite"), CASES)
def test_search_preview_and_matching_agree(published, client, typed, on_postgresql, on_sqlite):
    alert = make_alert(keywords=typed)

    searched = by_search(typed)

    assert by_preview(alert) == searched, "the preview promises what the search finds"
    assert by_matching(alert, published) == searched, "alerts send what the search finds"
    expected = on_postgresql if POSTGRESQL or on_sqlite is None else on_sqlite
    assert searched == expected


def test_the_search_page_reads_the_same_grammar(published, client):
    response = client.get("/notices/", {"q": "solar -diesel", "status": "any"})

    content = response.content.decode()
    shown = {reference for reference, (title, _) in NOTICES.items() if title in content}
    assert shown == by_search("solar -diesel") == {"PAN", "MIX"}


def test_an_alerts_excluded_keywords_field_excludes_every_term(published):
    alert = make_alert(keywords="solar", excluded_keywords="diesel, -路灯")

    assert by_preview(alert) == by_matching(alert, published) == {"PAN"}


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("solar pumps", ["solar", "pumps"]),
        ('"Water  Pump", solar', ["water pump", "solar"]),
        ('solar -"diesel engines" -x', ["solar", "-diesel engines", "-x"]),
        ("SOL-1 e-mail", ["sol-1", "e-mail"]),
        ("太阳能，水泵、车辆", ["太阳能", "水泵", "车辆"]),
        ('LED灯 "太阳能 solar panels"', ["led", "灯", "太阳能", "solar panels"]),
        ("ソーラーパネル", ["ソーラーパネル"]),
        ('"open quote', ["open quote"]),
        ("solar or wind OR solar", ["solar", "wind"]),
        ("- 。 , ，", []),
        ("solar -solar", ["solar"]),
        ("", []),
        (" \t\n", []),
    ],
)
def test_the_grammar(typed, terms):
    parsed = keywords.parse(typed)

    assert [f"-{t.text}" if t.excluded else t.text for t in parsed] == terms
    assert keywords.parse(" ".join(t.as_phrase for t in parsed)) == parsed


@pytest.mark.skipif(not POSTGRESQL, reason="needs PostgreSQL")
@pytest.mark.parametrize(
    "character", ["\u3040", "ア", "\u30ff", "\u3400", "䷀", "中", "\u9fff", "豈", "a", "。", "，"]
)
def test_the_database_indexes_the_grammars_chinese(character):
    with connection.cursor() as cursor:
        cursor.execute("SELECT notices_cjk_bigrams(%s) <> ''", [character])
        assert cursor.fetchone()[0] is keywords.is_chinese(character)
