"""The search's facets: how many of its matches each agency and each type has, over at most the first
FACET_SAMPLE of them (notices.search counts the same way), cached for the other pages and sorts of
the same search."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, QuerySet

from notices import search
from notices.models import Notice

AGENCY_FIELDS = ["agency__acronym", "agency__name_en", "agency__name_zh"]
FACETS_TIMEOUT = 120


@dataclass(frozen=True)
class Facets:
    """Counts per agency and per type. `sampled`: the matches were more than FACET_SAMPLE, and the
    counts are over the first FACET_SAMPLE of them (in no particular order), not over them all."""

    by_agency: list[dict]
    by_type: list[dict]
    sampled: bool = False


def facets(*, for_agencies: QuerySet, for_types: QuerySet, same: bool) -> Facets:
    """How many notices each agency and each type has, most first, over at most FACET_SAMPLE
    matches: a GROUP BY over every match of a common word would read most of the table.
    `for_agencies` is the search without its agency filter and `for_types` without its type
    filter; when they are the same query (`same`: neither filter is set) one GROUP BY over both
    columns serves the two."""
    if same:
        rows = list(
            first_matches(for_agencies)
            .values(*AGENCY_FIELDS, "notice_type")
            .annotate(n=Count("pk"))
        )
        return Facets(
            _totals(rows, AGENCY_FIELDS),
            _totals(rows, ["notice_type"]),
            sampled=_reached_sample(rows),
        )
    by_agency = list(first_matches(for_agencies).values(*AGENCY_FIELDS).annotate(n=Count("pk")))
    by_type = list(first_matches(for_types).values("notice_type").annotate(n=Count("pk")))
    return Facets(
        _sorted(by_agency, AGENCY_FIELDS),
        _sorted(by_type, ["notice_type"]),
        sampled=_reached_sample(by_agency) or _reached_sample(by_type),
    )


def first_matches(notices: QuerySet) -> QuerySet:
    """The first FACET_SAMPLE of the notices (in the order the scan meets them: the scan stops
    there), with their agency, unordered, to group."""
    sample = notices.order_by().values("pk")[: search.FACET_SAMPLE]
    return Notice.objects.filter(pk__in=sample).order_by()


def _reached_sample(rows: list[dict]) -> bool:
    return sum(row["n"] for row in rows) >= search.FACET_SAMPLE


def cached_facets(key: str, compute) -> Facets:
    """Facet counts cost a search of their own when a filter is set: kept FACETS_TIMEOUT seconds
    for the other pages and sorts of the same search. `key` carries the notices' version
    (notices.caching), so that a change to a notice is counted at once, as the results are."""
    return cache.get_or_set(f"notices:facets:{key}", compute, FACETS_TIMEOUT)


def _totals(rows: list[dict], fields: list[str]) -> list[dict]:
    totals: dict[tuple, int] = {}
    for row in rows:
        key = tuple(row[field] for field in fields)
        totals[key] = totals.get(key, 0) + row["n"]
    return _sorted(
        [{**dict(zip(fields, key, strict=True)), "n": n} for key, n in totals.items()], fields
    )


def _sorted(rows, fields: list[str]) -> list[dict]:
    return sorted(rows, key=lambda row: (-row["n"], *(str(row[f]) for f in fields)))
