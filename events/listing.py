"""What /events/ lists: public events, upcoming ones first (soonest first), then past ones (latest
first); filtered by kind, city and format (online or in person)."""

import django_filters
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventKind, EventStatus

PER_PAGE = 10
PUBLIC = (EventStatus.PUBLISHED, EventStatus.CANCELLED)
FORMATS = [("yes", _("Online")), ("no", _("In person"))]


def public_events(*, now=None) -> QuerySet:
    now = now or timezone.now()
    past = Case(When(ends_at__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    return (
        Event.objects.filter(status__in=PUBLIC)
        .annotate(is_past=past)
        .order_by(
            "is_past",
            Case(When(is_past=0, then=F("starts_at"))).asc(nulls_last=True),
            F("starts_at").desc(),
            "pk",
        )
    )


def coming_events(*, user=None, limit: int = 3, now=None) -> list[Event]:
    """The next published events that still take registrations, soonest first (for the home page
    and the workspace); those the user has a place at are left out (the workspace lists them)."""
    now = now or timezone.now()
    coming = Event.objects.filter(
        status=EventStatus.PUBLISHED, registration_deadline__gt=now
    ).order_by("starts_at", "pk")
    if user is not None and user.is_authenticated:
        coming = coming.exclude(
            registrations__user=user,
            registrations__attendee_email="",
            registrations__status__in=["confirmed", "waiting"],
        )
    return list(coming[:limit])


def cities() -> list[str]:
    """The cities of public events, for the filter."""
    rows = Event.objects.filter(status__in=PUBLIC).exclude(city="").values_list("city", flat=True)
    return sorted(set(rows))


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("Any kind")
    )
    city = django_filters.ChoiceFilter(
        label=_("City"),
        choices=lambda: [(city, city) for city in cities()],
        empty_label=_("Any city"),
    )
    online = django_filters.ChoiceFilter(
        label=_("Format"), choices=FORMATS, empty_label=_("Online or in person"), method="by_format"
    )

    class Meta:
        model = Event
        fields = ["kind", "city", "online"]

    def by_format(self, queryset, name, value):
        return queryset.filter(online=value == "yes")
