"""A supplier's alerts: saving their criteria, reading, previewing, pausing and deleting them.

Every write here keeps the alert's routes (`notices.alerts.routes`) in step in the same transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from categories.models import Category
from categories.picker import categories_for
from notices import finding, search
from notices import keywords as keywords_module
from notices.alerts import routes
from notices.alerts.models import (
    ANY_STATUS,
    Alert,
    AlertAgency,
    AlertCategory,
    AlertCountry,
    AlertDelivery,
    AlertKeyword,
    AlertNoticeType,
    DeliveryStatus,
)
from notices.models import NoticeCategoryPrefix, PublicStatus


def check_keywords(*, keywords: str, excluded_keywords: str) -> None:
    """ValidationError on each keyword field that holds text but no term once read by the grammar
    (only quotes, "OR", minus signs, punctuation): saved, it would let every notice through where
    the supplier meant to narrow the alert down. An empty field is "any keyword", as intended."""
    errors = {}
    if (keywords or "").strip() and not keywords_module.parse(keywords):
        errors["keywords"] = ValidationError(
            _(
                "“%(text)s” holds no word to look for: quotes, OR, minus signs and punctuation "
                "alone are not keywords. Type a word, or leave the field empty to accept any notice."
            ),
            code="keywords_empty",
            params={"text": keywords.strip()},
        )
    if (excluded_keywords or "").strip() and not keywords_module.parse(
        excluded_keywords, excluded=True
    ):
        errors["excluded_keywords"] = ValidationError(
            _(
                "“%(text)s” holds no word to leave out: quotes, OR, minus signs and punctuation "
                "alone are not keywords. Type a word, or leave the field empty."
            ),
            code="excluded_keywords_empty",
            params={"text": excluded_keywords.strip()},
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_alert(
    alert: Alert,
    *,
    categories: Iterable[str] = (),
    countries: Iterable[str] = (),
    agencies: Iterable = (),
    notice_types: Iterable[str] = (),
) -> Alert:
    """Save an alert with its lists of criteria (codes at any level, countries, agencies, types);
    its keywords are read from `alert.keywords` and `alert.excluded_keywords`. ValidationError
    (nothing saved) when a keyword field holds no term (check_keywords)."""
    check_keywords(keywords=alert.keywords, excluded_keywords=alert.excluded_keywords)
    alert.name = " ".join(alert.name.split())  # one line: it is quoted in e-mails
    prefixes = sorted({search.category_prefix(code) for code in categories})
    countries = sorted(set(countries))
    agencies = sorted({getattr(agency, "pk", agency) for agency in agencies})
    notice_types = sorted(set(notice_types))
    terms = keywords_module.alert_terms(alert.keywords, alert.excluded_keywords)
    alert.any_category, alert.any_country = not prefixes, not countries
    alert.any_agency, alert.any_type = not agencies, not notice_types
    alert.save()
    for model in (AlertCategory, AlertCountry, AlertAgency, AlertNoticeType, AlertKeyword):
        model.objects.filter(alert=alert).delete()
    AlertCategory.objects.bulk_create(AlertCategory(alert=alert, prefix=p) for p in prefixes)
    AlertCountry.objects.bulk_create(AlertCountry(alert=alert, country=c) for c in countries)
    AlertAgency.objects.bulk_create(AlertAgency(alert=alert, agency_id=a) for a in agencies)
    AlertNoticeType.objects.bulk_create(
        AlertNoticeType(alert=alert, notice_type=t) for t in notice_types
    )
    AlertKeyword.objects.bulk_create(
        AlertKeyword(
            alert=alert,
            term=term.text,
            excluded=term.excluded,
            as_substring=term.chinese or connection.vendor != "postgresql",
        )
        for term in terms
    )
    routes.route_users([alert.user_id])
    return alert


def alerts_of(user):
    """The user's alerts (not the deleted ones), each with how many notices it brought them in the last 30 days (counted
    in the user's own outbox rows, through the index that starts with the user)."""
    since = timezone.now() - timedelta(days=30)
    brought = (
        AlertDelivery.objects.filter(
            ANY_STATUS, user=OuterRef("user"), alert=OuterRef("pk"), created_at__gte=since
        )
        .order_by()
        .values("alert")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Alert.objects.filter(user=user, deleted_at__isnull=True)
        .annotate(matched_30_days=Coalesce(Subquery(brought, output_field=IntegerField()), 0))
        .prefetch_related("category_prefixes")
    )


# How long a deleted alert can be restored; then the periodic purge deletes it for good.
UNDO_WINDOW = timedelta(hours=1)


@transaction.atomic
def delete_alert(alert: Alert) -> Alert:
    """Delete the alert as its owner sees it: it leaves their list and its routes go, so that it
    stops matching at once; its outbox rows stay in its owner's log without it, as the e-mails of
    an alert that is gone (the outbox names its alert without a database constraint or index, see
    AlertDelivery.alert, so the rows are found through the owner's index). Those still waiting (a
    digest's, a retry's) are withdrawn: an alert its owner deleted sends nothing more. The row itself stays,
    with the ids of the outbox rows it was cleared from, so that restore_alert can bring back
    exactly what it was for UNDO_WINDOW; purge_deleted_alerts deletes it after that."""
    rows = AlertDelivery.objects.filter(ANY_STATUS, user_id=alert.user_id, alert=alert)
    alert.detached_deliveries = sorted(rows.values_list("pk", flat=True))
    rows.filter(status=DeliveryStatus.PENDING).update(status=DeliveryStatus.WITHDRAWN)
    rows.update(alert=None)
    alert.deleted_at = timezone.now()
    alert.save(update_fields=["deleted_at", "detached_deliveries", "updated_at"])
    routes.route_users([alert.user_id])
    return alert


# Outbox rows given back per statement (SQLite limits the parameters of one).
_REATTACH_BATCH = 500


@transaction.atomic
def restore_alert(alert: Alert) -> Alert:
    """Undo delete_alert: the alert is back as it was (criteria, frequency, paused or not), its
    outbox rows are its own again (those it was cleared from, no other; those withdrawn wait again),
    and it matches again from now; what it would have matched while deleted is not sent afterwards."""
    ids = alert.detached_deliveries
    for start in range(0, len(ids), _REATTACH_BATCH):
        batch = AlertDelivery.objects.filter(
            user_id=alert.user_id, pk__in=ids[start : start + _REATTACH_BATCH], alert=None
        )
        batch.filter(status=DeliveryStatus.WITHDRAWN).update(status=DeliveryStatus.PENDING)
        batch.update(alert=alert)
    alert.deleted_at, alert.detached_deliveries = None, []
    alert.save(update_fields=["deleted_at", "detached_deliveries", "updated_at"])
    routes.route_users([alert.user_id])
    return alert


def restorable_alerts(user, *, now=None):
    """The user's alerts deleted less than UNDO_WINDOW ago, last deleted first, each with
    `undo_until`, when it can no longer be restored."""
    since = (now or timezone.now()) - UNDO_WINDOW
    return (
        Alert.objects.filter(user=user, deleted_at__gte=since)
        .annotate(undo_until=ExpressionWrapper(F("deleted_at") + UNDO_WINDOW, DateTimeField()))
        .order_by("-deleted_at", "-id")
    )


def purge_deleted_alerts(*, now=None) -> int:
    """Delete for good the alerts deleted more than UNDO_WINDOW ago; returns how many. Their outbox
    rows were cleared of them when they were deleted."""
    before = (now or timezone.now()) - UNDO_WINDOW
    _rows, by_model = Alert.objects.filter(deleted_at__lt=before).delete()
    return by_model.get(Alert._meta.label, 0)


def category_codes(alert: Alert) -> list[str]:
    """The categories the alert covers, as the 8-digit codes the supplier chose: a prefix is stored
    ("3911", what the matcher compares), and the code it stands for is that prefix padded with
    zeros (39110000), which is the code that was chosen."""
    return sorted(row.prefix.ljust(8, "0") for row in alert.category_prefixes.all())


def criteria_of(alert: Alert) -> dict:
    """The alert's lists, as the form shows them."""
    return {
        "categories": category_codes(alert),
        "countries": list(alert.countries.values_list("country", flat=True)),
        "agencies": list(alert.agencies.values_list("agency_id", flat=True)),
        "notice_types": list(alert.notice_types.values_list("notice_type", flat=True)),
    }


def company_categories_of(user) -> list[str]:
    """The codes of the categories the profile of the user's company lists (as its owner or one
    of its members), which the alert form offers first. Read through the categories' relation to
    the profiles (Category.suppliers), so that the alerts need nothing of the suppliers app but the
    names of that relation and of the profile's owner and members."""
    return list(
        Category.objects.filter(Q(suppliers__owner=user) | Q(suppliers__memberships__user=user))
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()
    )


@dataclass
class AlertCard:
    """What /alerts/ shows of an alert: its categories as chosen (listed categories, see
    categories.picker.categories_for) and how many open notices it matches now, counted by the
    same function as its preview."""

    alert: Alert
    categories: list
    matching_now: int


def cards_of(user) -> list[AlertCard]:
    """The user's alerts (alerts_of) as cards_of_alerts."""
    return cards_of_alerts(list(alerts_of(user)))


def cards_of_alerts(alerts: list[Alert]) -> list[AlertCard]:
    """Each alert with its categories and its count of open matches, in a number of queries that
    does not grow with the alerts."""
    codes = {alert.pk: category_codes(alert) for alert in alerts}
    shown = {c.code: c for c in categories_for(code for each in codes.values() for code in each)}
    counts = match_counts(alerts)
    return [
        AlertCard(
            alert=alert,
            categories=[shown[code] for code in codes[alert.pk]],
            matching_now=counts[alert.pk],
        )
        for alert in alerts
    ]


def matching_notices(alert: Alert):
    """The open notices the alert matches now (its criteria as a search), unordered. The alert's
    preview and its card on /alerts/ (match_counts) both read it, so that they cannot disagree.
    Its categories are read through `.all()`, so that a prefetched list costs no query."""
    notices = search.with_status(search.public_notices(), PublicStatus.OPEN)
    prefixes = [row.prefix for row in alert.category_prefixes.all()]
    if prefixes:
        notices = notices.filter(
            Exists(NoticeCategoryPrefix.objects.filter(notice=OuterRef("pk"), prefix__in=prefixes))
        )
    # The other lists are subqueries of the same statement.
    if not alert.any_country:
        notices = search.in_countries(notices, alert.countries.values("country"))
    if not alert.any_agency:
        notices = notices.filter(agency__in=alert.agencies.values("agency_id"))
    if not alert.any_type:
        notices = notices.filter(notice_type__in=alert.notice_types.values("notice_type"))
    if alert.sme_friendly:
        notices = notices.filter(sme_friendly=True)
    if alert.women_owned_preference:
        notices = notices.filter(women_owned_preference=True)
    terms = keywords_module.alert_terms(alert.keywords, alert.excluded_keywords)
    return finding.matching_terms(notices, terms, open_only=True)


# SQLite refuses a statement of more than 500 SELECTs joined by UNION.
_COUNTS_PER_QUERY = 200


def match_counts(alerts: list[Alert]) -> dict[int, int]:
    """How many open notices each alert matches now (matching_notices), by alert id: one query per
    200 alerts (a UNION of one count each), whatever their criteria."""
    counts = {}
    for start in range(0, len(alerts), _COUNTS_PER_QUERY):
        parts = [
            matching_notices(alert)
            .order_by()
            .annotate(alert_id=Value(alert.pk, output_field=IntegerField()))
            .values("alert_id")
            .annotate(n=Count("pk"))
            .values_list("alert_id", "n")
            for alert in alerts[start : start + _COUNTS_PER_QUERY]
        ]
        if parts:
            counts |= dict(parts[0].union(*parts[1:], all=True))
    return {alert.pk: counts.get(alert.pk, 0) for alert in alerts}


def preview(alert: Alert, *, limit: int = 5):
    """The newest of the open notices the alert matches now (matching_notices), newest first."""
    return matching_notices(alert).order_by("-published_at", "-id")[:limit]


@transaction.atomic
def set_paused(alert: Alert, *, paused: bool) -> Alert:
    if alert.is_paused != paused:
        alert.is_paused = paused
        alert.save(update_fields=["is_paused", "updated_at"])
        routes.route_users([alert.user_id])
    return alert


@transaction.atomic
def pause_digest(user, frequency: str) -> int:
    """Stop the user's digest of this frequency: pause every alert that feeds it."""
    paused = Alert.objects.filter(user=user, frequency=frequency).update(is_paused=True)
    routes.route_users([getattr(user, "pk", user)])
    return paused
