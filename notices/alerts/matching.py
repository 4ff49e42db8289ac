"""Which alerts fit a notice: one SQL statement over one index range, never a loop.

The statement starts from the notice's category prefixes (43, 4323, 432321, 43232104, and "" for
the alerts without categories) looked up in AlertRoute (notices.alerts.routes), whose rows carry every
criterion of the alerts that may be sent: the countries, agencies and types that fit, and the notice's
SME and women-owned flags, are tested on the row itself, so the candidates need no other table.
Only the candidates with keywords go further: their terms (as notices.keywords reads them, when
the alert is saved) are checked once per distinct term, found as the search finds them: on
PostgreSQL in the notice's search vector by the same full-text query (`notices_keyword_tsquery`:
"vehicles" finds "vehicle", Chinese by bigrams; kept on the keyword's row, AlertKeyword.query) or,
for a Latin term long enough, as a part of the title or the reference; on SQLite as substrings of
the notice's text. Each match carries why it matched (the
alert's most specific prefix that covers one of the notice's codes, and the first country that
fits), for the e-mail to say so.

The SQL is written by hand because its shape is what makes it fast; it is plain SQL that PostgreSQL
and SQLite both run, with every value a parameter and every name taken from the models.
"""

from dataclasses import dataclass

from django.db import connection

from notices import keywords
from notices.alerts.models import AlertKeyword, AlertRoute, Frequency
from notices.models import Notice, NoticeCategoryPrefix


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
    """Alerts of reachable users that fit the notice, one match per alert, in no particular order."""
    sql, params = _one_per(matches_sql(notice), "alert_id")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Match(*row) for row in cursor.fetchall()]


def recipients_sql(notice: Notice) -> tuple[str, list]:
    """SELECT of one match per user (the columns of MATCH_COLUMNS): of a user's alerts that fit, an
    instant one if there is one, so that they hear of the notice at once, then the oldest."""
    return _one_per(matches_sql(notice), "user_id")


def _one_per(matches: tuple[str, list], key: str) -> tuple[str, list]:
    """The matches, one row per `key`: instant alerts first, then the oldest alert, and of an
    alert's prefixes that fit, the most specific. In `key` order."""
    sql, params = matches
    columns = ", ".join(MATCH_COLUMNS)
    preference = "CASE frequency WHEN %s THEN 0 ELSE 1 END, alert_id, LENGTH(prefix) DESC"
    if connection.vendor == "postgresql":
        # Each key's first row as the sort leaves it: a window over each key's rows (SQLite's way,
        # below) keeps them all in a store first, a twentieth of a dispatch (docs/performance.md).
        return (
            f"SELECT DISTINCT ON ({key}) {columns} FROM ({sql}) AS fitting "  # noqa: S608  # nosec B608
            f"ORDER BY {key}, {preference}",
            [*params, Frequency.INSTANT],
        )
    ranked = (
        f"SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY {preference}) AS nth "  # noqa: S608  # nosec B608
        f"FROM ({sql}) AS fitting"
    )
    return (
        f"SELECT {columns} FROM ({ranked}) AS ranked WHERE nth = 1",  # noqa: S608  # nosec B608
        [Frequency.INSTANT, *params],
    )


def _tables() -> dict[str, str]:
    models = {"route": AlertRoute, "keyword": AlertKeyword, "notice": Notice}
    return {name: connection.ops.quote_name(m._meta.db_table) for name, m in models.items()}


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _contains(text: str, part: str = "%s") -> str:
    """The condition that `text` contains `part` (a plain substring, no pattern: "_" is "_")."""
    function = "INSTR" if connection.vendor == "sqlite" else "STRPOS"
    return f"{function}({text}, {part}) > 0"


def _keyword_found_sql(t: dict[str, str]) -> str:
    """The condition on a row of `term` (term, as_substring and, on PostgreSQL, its full-text
    query as AlertKeyword keeps it) that the notice contains it, as notices.search finds a term (the
    rules are notices.keywords'); its parameters are those of `_keyword_params`. On PostgreSQL
    `as_substring` says the term is Chinese."""
    if connection.vendor != "postgresql":
        return _contains("%s", "term")
    in_vector = f"(SELECT search_vector FROM {t['notice']} WHERE id = %s) @@ query"  # noqa: S608  # nosec B608
    in_title_or_reference = (
        f"NOT as_substring AND CHAR_LENGTH(term) >= {int(keywords.MIN_SUBSTRING)} "
        f"AND ({_contains('UPPER(%s)', 'UPPER(term)')} OR {_contains('UPPER(%s)', 'UPPER(term)')})"
    )
    return f"({in_vector}) OR ({in_title_or_reference})"


def _keyword_params(notice: Notice) -> list:
    if connection.vendor != "postgresql":
        return [notice_text(notice)]
    return [notice.pk, notice.title, notice.reference]


def matches_sql(notice: Notice) -> tuple[str, list]:
    """SELECT of the routes that fit the notice, as the columns of MATCH_COLUMNS, and its parameters
    (an alert appears once per prefix of it that fits; `_one_per` keeps one)."""
    prefixes = [
        "",
        *NoticeCategoryPrefix.objects.filter(notice=notice).values_list("prefix", flat=True),
    ]
    countries = sorted(str(c) for c in notice.countries.values_list("country", flat=True))
    t = _tables()
    # The first of the notice's countries that the alert lists; NULL when it lists none of them.
    fitting_country = " ".join(f"WHEN {_contains('countries')} THEN %s" for _ in countries)
    keyword_params = _keyword_params(notice)
    # The query is the term's own (AlertKeyword.query): a term has one, whichever alert has it.
    query = ", query" if connection.vendor == "postgresql" else ""
    sql = f"""
        WITH candidate AS MATERIALIZED (
            SELECT alert_id, user_id, frequency, prefix, has_keywords,
                   CASE WHEN countries = '' THEN '' {fitting_country} END AS country
            FROM {t["route"]}
            WHERE prefix IN ({_placeholders(prefixes)})
              AND (%s OR NOT sme_friendly) AND (%s OR NOT women_owned_preference)
              AND (agencies = '' OR {_contains("agencies")})
              AND (notice_types = '' OR {_contains("notice_types")})
        ),
        keyword AS (
            SELECT k.alert_id, k.term, k.as_substring, k.excluded{query} FROM {t["keyword"]} k
            WHERE k.alert_id IN (
                SELECT alert_id FROM candidate WHERE has_keywords AND country IS NOT NULL)
        ),
        term AS MATERIALIZED (SELECT DISTINCT term, as_substring{query} FROM keyword),
        found AS (SELECT term, as_substring FROM term WHERE {_keyword_found_sql(t)}),
        keyword_failed AS (
            SELECT DISTINCT k.alert_id FROM keyword k
            LEFT JOIN found f ON f.term = k.term AND f.as_substring = k.as_substring
            WHERE (f.term IS NULL AND NOT k.excluded) OR (f.term IS NOT NULL AND k.excluded)
        )
        SELECT alert_id, user_id, frequency, prefix, country FROM candidate c
        WHERE country IS NOT NULL
          AND NOT (has_keywords AND EXISTS (
                SELECT 1 FROM keyword_failed kf WHERE kf.alert_id = c.alert_id))
    """  # noqa: S608  # nosec B608 (names come from the models, values are parameters)
    params = [
        *[value for country in countries for value in (f",{country},", country)],
        *prefixes,
        notice.sme_friendly,
        notice.women_owned_preference,
        f",{notice.agency_id},",
        f",{notice.notice_type},",
        *keyword_params,
    ]
    return sql, params
