"""Which alerts fit a notice: one SQL statement of indexed lookups and hash joins, never a loop.

The statement starts from the notice's category prefixes (NoticeCategoryPrefix: 43, 4323, 432321,
43232104) looked up in the alerts' prefixes (AlertCategory, indexed by prefix), plus the alerts
without categories. Only those candidates go further: the countries, agency and type that fit come
from one indexed lookup each, and keywords are checked once per distinct term among the candidates,
against the notice's English search vector on PostgreSQL ("vehicles" finds "vehicle") and as
substrings of its text for Chinese terms and on SQLite. Each match carries why it matched (the
alert's most specific prefix that covers one of the notice's codes, and the first country that fits), for
the e-mail to say so.

The SQL is written by hand because its shape is what makes it fast (the candidates come first, the
rest are joins the planner can hash); it is plain SQL that PostgreSQL and SQLite both run, with every
value a parameter and every name taken from the models.
"""

import re
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import connection

from notices.models import (
    Alert,
    AlertAgency,
    AlertCategory,
    AlertCountry,
    AlertKeyword,
    AlertNoticeType,
    Frequency,
    Notice,
    NoticeCategoryPrefix,
    SuppressedAddress,
)
from portal.models import User

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


@dataclass(frozen=True)
class Match:
    """An alert that fits a notice, and why: `prefix` is the alert's category prefix that covers one
    of the notice's codes ("" when the alert has no categories), `country` the alert's country that
    fits ("" when the alert has no countries)."""

    alert_id: int
    user_id: int
    frequency: str
    prefix: str
    country: str


MATCH_COLUMNS = ["alert_id", "user_id", "frequency", "prefix", "country"]


def subscriptions_for(notice: Notice) -> list[Match]:
    """Active alerts of active users with a confirmed, unsuppressed address that fit the notice,
    in no particular order (recipients_sql picks one per user)."""
    sql, params = matches_sql(notice)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Match(*row) for row in cursor.fetchall()]


def recipients_sql(notice: Notice) -> tuple[str, list]:
    """SELECT of one match per user (the columns of MATCH_COLUMNS): of a user's alerts that fit, an
    instant one if there is one, so that they hear of the notice at once, then the oldest."""
    sql, params = matches_sql(notice)
    columns = ", ".join(MATCH_COLUMNS)
    ranked = (
        f"SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY "  # noqa: S608  # nosec B608
        f"CASE frequency WHEN %s THEN 0 ELSE 1 END, alert_id) AS nth FROM ({sql}) AS fitting"
    )
    return (
        f"SELECT {columns} FROM ({ranked}) AS ranked WHERE nth = 1",  # noqa: S608  # nosec B608
        [Frequency.INSTANT, *params],
    )


def _tables() -> dict[str, str]:
    models = {
        "alert": Alert,
        "category": AlertCategory,
        "country": AlertCountry,
        "agency": AlertAgency,
        "type": AlertNoticeType,
        "keyword": AlertKeyword,
        "notice": Notice,
        "user": User,
        "email": EmailAddress,
        "suppressed": SuppressedAddress,
    }
    return {name: connection.ops.quote_name(m._meta.db_table) for name, m in models.items()}


def _placeholders(values: list) -> str:
    # An empty IN () is not SQL; a value no row holds keeps the list non-empty.
    return ", ".join(["%s"] * max(len(values), 1))


def _keyword_found_sql(t: dict[str, str]) -> str:
    """The condition on a row of `term` (term, as_substring) that the notice contains it; its
    parameters are the notice's text, and on PostgreSQL the notice's id."""
    in_text = "INSTR(%s, term) > 0" if connection.vendor == "sqlite" else "STRPOS(%s, term) > 0"
    if connection.vendor != "postgresql":
        return in_text
    in_vector = (
        f"(SELECT search_vector FROM {t['notice']} WHERE id = %s) "  # noqa: S608  # nosec B608
        "@@ plainto_tsquery('english', term)"
    )
    return f"(as_substring AND {in_text}) OR (NOT as_substring AND {in_vector})"


def matches_sql(notice: Notice) -> tuple[str, list]:
    """SELECT of the alerts that fit the notice, as the columns of MATCH_COLUMNS, and its parameters."""
    prefixes = list(
        NoticeCategoryPrefix.objects.filter(notice=notice).values_list("prefix", flat=True)
    ) or ["-"]
    countries = [str(c) for c in notice.countries.values_list("country", flat=True)] or ["-"]
    t = _tables()
    keyword_params = [notice_text(notice)]
    if connection.vendor == "postgresql":
        keyword_params.append(notice.pk)
    sql = f"""
        WITH candidate AS (
            SELECT alert_id, MAX(prefix) AS prefix FROM {t["category"]}
            WHERE prefix IN ({_placeholders(prefixes)}) GROUP BY alert_id
            UNION ALL
            SELECT id, '' FROM {t["alert"]} WHERE any_category AND NOT is_paused
        ),
        fitting_country AS (
            SELECT alert_id, MIN(country) AS country FROM {t["country"]}
            WHERE country IN ({_placeholders(countries)}) GROUP BY alert_id
        ),
        keyword AS (
            SELECT k.alert_id, k.term, k.as_substring, k.excluded
            FROM {t["keyword"]} k JOIN candidate c ON c.alert_id = k.alert_id
        ),
        term AS MATERIALIZED (SELECT DISTINCT term, as_substring FROM keyword),
        found AS (SELECT term, as_substring FROM term WHERE {_keyword_found_sql(t)}),
        keyword_failed AS (
            SELECT DISTINCT k.alert_id FROM keyword k
            LEFT JOIN found f ON f.term = k.term AND f.as_substring = k.as_substring
            WHERE (f.term IS NULL AND NOT k.excluded) OR (f.term IS NOT NULL AND k.excluded)
        )
        SELECT a.id AS alert_id, a.user_id AS user_id, a.frequency AS frequency,
               c.prefix AS prefix, COALESCE(fc.country, '') AS country
        FROM candidate c
        JOIN {t["alert"]} a ON a.id = c.alert_id
        JOIN {t["user"]} u ON u.id = a.user_id
        LEFT JOIN fitting_country fc ON fc.alert_id = a.id
        WHERE NOT a.is_paused AND u.is_active
          AND (a.any_country OR fc.alert_id IS NOT NULL)
          AND (a.any_agency OR EXISTS (
                SELECT 1 FROM {t["agency"]} g WHERE g.alert_id = a.id AND g.agency_id = %s))
          AND (a.any_type OR EXISTS (
                SELECT 1 FROM {t["type"]} y WHERE y.alert_id = a.id AND y.notice_type = %s))
          AND NOT EXISTS (SELECT 1 FROM keyword_failed kf WHERE kf.alert_id = a.id)
          AND (%s OR NOT a.sme_friendly)
          AND (%s OR NOT a.women_owned_preference)
          AND EXISTS (
                SELECT 1 FROM {t["email"]} e
                WHERE e.user_id = a.user_id AND e."primary" AND e.verified)
          AND NOT EXISTS (
                SELECT 1 FROM {t["suppressed"]} s WHERE UPPER(s.email) = UPPER(u.email))
    """  # noqa: S608  # nosec B608 (names come from the models, values are parameters)
    params = [
        *prefixes,
        *countries,
        *keyword_params,
        notice.agency_id,
        notice.notice_type,
        notice.sme_friendly,
        notice.women_owned_preference,
    ]
    return sql, params
