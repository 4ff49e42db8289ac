"""Which alerts fit a notice: answered by the database with indexed joins, never a loop over alerts.

A notice's category prefixes (NoticeCategoryPrefix: 43, 4323, 432321, 43232104) are joined against
the alerts' prefixes (AlertCategory); countries, agencies and types likewise. Keywords are checked
against the notice's English search vector on PostgreSQL ("vehicles" finds "vehicle"), and as
substrings of its text for Chinese terms and on SQLite. Each match carries why it matched (the
alert's category prefix and country that fit), for the e-mail to say so.
"""

import re

from allauth.account.models import EmailAddress
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Length, StrIndex

from notices.models import (
    Alert,
    AlertAgency,
    AlertCategory,
    AlertCountry,
    AlertKeyword,
    AlertNoticeType,
    Notice,
    NoticeCategoryPrefix,
    SuppressedAddress,
)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A "quoted phrase", or a run without spaces and commas (Chinese commas \uff0c and \u3001 too).
KEYWORD = re.compile(r'"([^"]+)"|([^\s,\uff0c\u3001"]+)')


def is_substring_term(term: str) -> bool:
    """Chinese has no spaces to split words at: such a term is matched as a substring."""
    return bool(CJK.search(term))


def split_keywords(text: str) -> list[str]:
    """Keywords as the user typed them: separated by commas or spaces; "quoted phrases" stay whole."""
    terms = [phrase or word for phrase, word in KEYWORD.findall(text or "")]
    seen: dict[str, None] = {}
    for term in terms:
        cleaned = term.strip().lower()[:100]
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def notice_text(notice: Notice) -> str:
    """What keywords are looked for in: title, reference, agency and description, lower-cased."""
    agency = notice.agency
    parts = [
        notice.title,
        notice.reference,
        agency.acronym,
        agency.name_en,
        agency.name_zh,
        notice.description,
    ]
    return " ".join(part for part in parts if part).lower()


def _term_found(notice: Notice, text: str) -> Q:
    """For AlertKeyword rows: the term appears in the notice."""
    in_text = Q(found_at__gt=0)
    if connection.vendor != "postgresql":
        return in_text
    in_vector = Exists(
        Notice.objects.filter(
            pk=notice.pk, search_vector=SearchQuery(OuterRef("term"), config="english")
        )
    )
    return Q(as_substring=True, found_at__gt=0) | Q(Q(as_substring=False) & in_vector)


def _keywords(notice: Notice) -> Q:
    text = notice_text(notice)
    terms = AlertKeyword.objects.filter(alert=OuterRef("pk")).annotate(
        found_at=StrIndex(Value(text), F("term"))
    )
    found = _term_found(notice, text)
    missing_required = terms.filter(excluded=False).exclude(found)
    present_excluded = terms.filter(found, excluded=True)
    return (Q(has_keywords=False) | ~Exists(missing_required)) & ~Exists(present_excluded)


def subscriptions_for(notice: Notice) -> QuerySet:
    """Active alerts of active users with a confirmed, unsuppressed address that fit the notice,
    annotated with `matched_prefix` (the alert's longest prefix that covers one of the notice's
    codes, "" when the alert has no categories) and `matched_country`."""
    prefixes = list(
        NoticeCategoryPrefix.objects.filter(notice=notice).values_list("prefix", flat=True)
    )
    countries = list(notice.countries.values_list("country", flat=True))
    category_rows = AlertCategory.objects.filter(alert=OuterRef("pk"), prefix__in=prefixes)
    country_rows = AlertCountry.objects.filter(alert=OuterRef("pk"), country__in=countries)
    alerts = Alert.objects.filter(
        Q(any_category=True) | Exists(category_rows),
        Q(any_country=True) | Exists(country_rows),
        Q(any_agency=True)
        | Exists(AlertAgency.objects.filter(alert=OuterRef("pk"), agency_id=notice.agency_id)),
        Q(any_type=True)
        | Exists(
            AlertNoticeType.objects.filter(alert=OuterRef("pk"), notice_type=notice.notice_type)
        ),
        _keywords(notice),
        is_paused=False,
        user__is_active=True,
    )
    if not notice.sme_friendly:
        alerts = alerts.filter(sme_friendly=False)
    if not notice.women_owned_preference:
        alerts = alerts.filter(women_owned_preference=False)
    alerts = alerts.filter(
        Exists(EmailAddress.objects.filter(user=OuterRef("user"), primary=True, verified=True)),
        ~Exists(SuppressedAddress.objects.filter(email__iexact=OuterRef("user__email"))),
    )
    return alerts.annotate(
        matched_prefix=Coalesce(
            Subquery(category_rows.order_by(Length("prefix").desc()).values("prefix")[:1]),
            Value(""),
        ),
        matched_country=Coalesce(
            Subquery(country_rows.order_by("country").values("country")[:1]), Value("")
        ),
    )
