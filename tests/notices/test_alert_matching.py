"""Which alerts fit a notice: each criterion alone and combined, at each category level."""

import pytest
from django.db import connection

from notices import keywords
from notices.alerts import criteria, matching, reachability, routes
from notices.alerts.models import Alert
from tests.factories import UserFactory
from tests.notices.factories import AgencyFactory, NoticeFactory, make_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    return NoticeFactory(
        title="Supply of solar water pumps and vehicles",
        description="Solar pumps for 12 villages; 太阳能水泵和车辆。",
        categories=["43232104"],
        countries=["CN", "KE"],
        agency=AgencyFactory(acronym="UNDP"),
        notice_type="rfq",
    )


def matches(notice) -> set[str]:
    ids = [match.alert_id for match in matching.subscriptions_for(notice)]
    return set(Alert.objects.filter(pk__in=ids).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, True),  # an alert without criteria hears of everything
        ({"categories": ["43"]}, True),  # segment
        ({"categories": ["4323"]}, True),  # family
        ({"categories": ["432321"]}, True),  # class
        ({"categories": ["43232104"]}, True),  # commodity
        ({"categories": ["43230000"]}, True),  # family written with 8 digits
        ({"categories": ["4324"]}, False),  # a sibling family
        ({"categories": ["42", "432321"]}, True),  # any of the alert's categories
        ({"countries": ["KE"]}, True),
        ({"countries": ["BR"]}, False),
        ({"notice_types": ["rfq", "itb"]}, True),
        ({"notice_types": ["itb"]}, False),
        ({"keywords": "solar pumps"}, True),  # all keywords appear
        ({"keywords": "solar cement"}, False),  # one is missing
        ({"keywords": "太阳能"}, True),  # Chinese, as a substring
        ({"keywords": "水泥"}, False),
        ({"keywords": "solar", "excluded_keywords": "vehicles"}, False),
        ({"keywords": "solar", "excluded_keywords": "cement"}, True),
        ({"sme_friendly": True}, False),  # the notice is not SME-friendly
        ({"women_owned_preference": True}, False),
        (
            {
                "categories": ["43"],
                "countries": ["CN"],
                "notice_types": ["rfq"],
                "keywords": "pumps",
            },
            True,
        ),
        ({"categories": ["43"], "countries": ["BR"], "notice_types": ["rfq"]}, False),
    ],
)
def test_each_criterion_alone_and_combined(notice, criteria, expected):
    make_alert(**criteria)

    assert (matches(notice) == {"test"}) is expected


def test_agencies_match_by_the_notice_agency(notice):
    make_alert(agencies=[notice.agency])
    other = AgencyFactory(acronym="WFP")

    assert matches(notice) == {"test"}
    Alert.objects.all().delete()
    make_alert(agencies=[other])
    assert matches(notice) == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_on_postgresql_keywords_are_stemmed(notice):
    make_alert(keywords="vehicle pump")

    assert matches(notice) == {"test"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_each_keyword_keeps_the_full_text_query_the_search_builds_for_it(notice):
    """Matching reads the query kept on the keyword's row; it is the one the search builds, and an
    edited alert's keywords keep theirs."""
    alert = make_alert(keywords='"water pumps", 医院, -diesel')
    make_alert(user=alert.user, name="other", keywords="vehicles")
    criteria.save_alert(alert, categories=[])
    alert.keywords = "vehicles 医疗设备"
    criteria.save_alert(alert, categories=[])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT term, query::text, notices_keyword_tsquery(term, as_substring)::text "
            "FROM notices_alertkeyword ORDER BY term"
        )
        kept = cursor.fetchall()
    assert [term for term, _query, _built in kept] == ["vehicles", "vehicles", "医疗设备"]
    assert all(query == built and query for _term, query, built in kept)
    assert kept[0][1] == "'vehicl'"


def test_a_flagged_notice_matches_a_flagged_alert():
    notice = NoticeFactory(sme_friendly=True, women_owned_preference=True)
    make_alert(sme_friendly=True, women_owned_preference=True)

    assert matches(notice) == {"test"}


def test_paused_alerts_inactive_users_unverified_and_suppressed_addresses_are_left_out(notice):
    from notices.alerts.models import SuppressedAddress

    make_alert(is_paused=True)
    make_alert(user=UserFactory(is_active=False))
    make_alert(user=UserFactory(verified=False))
    suppressed = UserFactory()
    SuppressedAddress.objects.create(email=suppressed.email, reason="550")
    make_alert(user=suppressed)

    assert matches(notice) == set()


def test_each_match_says_why(notice):
    make_alert(categories=["4323", "43"], countries=["KE"])

    (match,) = matching.subscriptions_for(notice)

    assert (match.prefix, match.country) == ("4323", "KE")


def test_matching_is_a_bounded_number_of_queries(notice, django_assert_max_num_queries):
    for n in range(30):
        make_alert(categories=["43"], keywords=f"solar term{n % 2}" if n % 3 else "")

    with django_assert_max_num_queries(3):
        assert len(matching.subscriptions_for(notice)) == 10


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("solar pumps", ["solar", "pumps"]),
        ('"water pump", solar', ["water pump", "solar"]),
        ("太阳能，水泵、车辆", ["太阳能", "水泵", "车辆"]),
        ("Solar SOLAR", ["solar"]),
        ("", []),
    ],
)
def test_keywords_are_split_as_typed(typed, terms):
    assert [term.text for term in keywords.parse(typed)] == terms


def test_routes_follow_the_owner_and_their_address(notice):
    """The matcher reads AlertRoute: it must follow what happens to the alert's owner after the
    alert was saved (as allauth and the admin change users and addresses)."""
    from allauth.account.models import EmailAddress

    from notices.alerts.models import SuppressedAddress

    owner = UserFactory()
    make_alert(user=owner, name="mine")
    assert matches(notice) == {"mine"}

    owner.is_active = False
    owner.save()
    assert matches(notice) == set()
    owner.is_active = True
    owner.save(update_fields=["is_active"])
    assert matches(notice) == {"mine"}

    address = EmailAddress.objects.get(user=owner)
    address.verified = False
    address.save()
    assert matches(notice) == set()
    address.verified = True
    address.save()
    assert matches(notice) == {"mine"}

    SuppressedAddress.objects.create(email=owner.email.upper(), reason="550 no such user")
    assert matches(notice) == set()
    reachability.unsuppress(owner.email)
    assert matches(notice) == {"mine"}


def test_a_login_does_not_rewrite_routes(notice, django_assert_num_queries):
    owner = UserFactory()
    make_alert(user=owner)
    owner.last_login = notice.published_at

    with django_assert_num_queries(1):
        owner.save(update_fields=["last_login"])


def test_pausing_and_resuming_reroutes_the_alert(notice):
    alert = make_alert(name="mine")

    criteria.set_paused(alert, paused=True)
    assert matches(notice) == set()
    criteria.set_paused(alert, paused=False)
    assert matches(notice) == {"mine"}


def test_rebuilding_every_route_gives_the_routes_kept_up_to_date(notice):
    from notices.alerts.models import AlertRoute

    make_alert(name="a", categories=["43", "4410"], countries=["KE", "CN"], keywords="solar")
    make_alert(name="b", notice_types=["rfq"], agencies=[notice.agency_id])
    make_alert(name="c", is_paused=True)
    make_alert(name="d", user=UserFactory(verified=False))
    columns = [f.name for f in AlertRoute._meta.fields if f.name != "id"]
    kept = sorted(AlertRoute.objects.values_list(*columns))

    # A bulk update goes around the signals; the nightly rebuild puts the routes right.
    Alert.objects.filter(name="c").update(is_paused=False)
    assert routes.rebuild_routes() == len(kept) + 1
    rebuilt = sorted(AlertRoute.objects.values_list(*columns))

    assert [row for row in rebuilt if row not in kept] == [
        row for row in rebuilt if row[columns.index("alert")] == Alert.objects.get(name="c").pk
    ]
    assert matches(notice) == {"a", "b", "c"}
