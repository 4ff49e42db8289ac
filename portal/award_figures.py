"""The program dashboard's figures on the orders its suppliers won: awards of the period (by date
of award) linked to a registered supplier, counted and summed by currency, by the supplier's size
class, women-owned status and province. Each chart is one aggregate query; its table and CSV add
the value won in each currency (values in different currencies are never added up).

The province filter narrows them to the suppliers of the province, as it does the other supplier
figures. Cancelled and unsuccessful awards do not count.
"""

from decimal import Decimal

from django.db.models import Case, CharField, Count, QuerySet, Sum, Value, When
from django.utils.translation import gettext as _

from notices.award_models import AwardStatus
from notices.models import Award, NoticeStatus
from portal import charts
from suppliers.regions import province_name
from suppliers.sizing import ORDER as SIZE_ORDER
from suppliers.sizing import SizeClass

TOP = 15  # provinces shown
# awards counted: those in force when recorded or as the publisher gave them
COUNTED = [AwardStatus.ACTIVE, AwardStatus.PENDING]
CENT = Decimal("0.01")


def won(filters) -> QuerySet:
    """The awards to the program's registered suppliers in the filters' period and province."""
    awards = Award.objects.filter(supplier__isnull=False, status__in=COUNTED).exclude(
        notice__status=NoticeStatus.DRAFT
    )
    awards = awards.filter(awarded_on__lte=filters.end.astimezone(filters.zone).date())
    if filters.start is not None:
        awards = awards.filter(awarded_on__gte=filters.start.date())
    if filters.province:
        awards = awards.filter(supplier__province=filters.province)
    return awards


def _counts(awards: QuerySet, key: str) -> dict[tuple, tuple[int, Decimal]]:
    """{(group, currency): (orders, value)} in one query; an order without a value has currency ""."""
    rows = awards.values_list(key, "currency").annotate(n=Count("id"), total=Sum("value"))
    return {(group, currency): (n, _money(total)) for group, currency, n, total in rows.order_by()}


def _money(total) -> Decimal:
    return Decimal(total or 0).quantize(CENT)


def _chart(*, slug, title, description, header, groups, counts) -> charts.Chart:
    """Bars of the orders per group (key, label); the table adds a value column per currency."""
    currencies = sorted({currency for _group, currency in counts if currency})
    orders = [sum(n for (g, _c), (n, _v) in counts.items() if g == key) for key, _label in groups]
    chart = charts.bars(
        slug=slug,
        title=title,
        description=description,
        rows=[(label, n) for (_key, label), n in zip(groups, orders, strict=True)],
        headers=[header, _("Orders")],
    )
    chart.headers += [_("Value (%(currency)s)") % {"currency": c} for c in currencies]
    chart.rows = [
        [label, n, *(counts.get((key, c), (0, _money(0)))[1] for c in currencies)]
        for (key, label), n in zip(groups, orders, strict=True)
    ]
    return chart


def by_currency(filters) -> charts.Chart:
    rows = won(filters).values_list("currency").annotate(n=Count("id"), total=Sum("value"))
    # the currencies in order; orders without a value (and so without a currency) last
    rows = sorted(rows.order_by(), key=lambda row: (row[0] == "", row[0]))
    chart = charts.bars(
        slug="awards",
        title=_("Orders won by the program's suppliers, by currency"),
        description=_("Awards to registered suppliers in the period: their number and value."),
        rows=[(currency or _("No value given"), n) for currency, n, _total in rows],
        headers=[_("Currency"), _("Orders")],
    )
    chart.headers.append(_("Value"))
    chart.rows = [[c or _("No value given"), n, _money(total)] for c, n, total in rows]
    return chart


def by_size_class(filters) -> charts.Chart:
    counts = _counts(won(filters), "supplier__size_class")
    groups = [(value, SizeClass(value).label) for value in SIZE_ORDER]
    if any(group == "" for group, _c in counts):
        groups.append(("", _("Not known")))
    return _chart(
        slug="awards-size-classes",
        title=_("Orders won by size class"),
        description=_(
            "Awards to registered suppliers in the period, by the supplier's size class."
        ),
        header=_("Size class"),
        groups=groups,
        counts=counts,
    )


def by_women_owned(filters) -> charts.Chart:
    status = Case(
        When(supplier__women_owned_verified_at__isnull=False, then=Value("verified")),
        When(supplier__women_owned=True, then=Value("declared")),
        default=Value("other"),
        output_field=CharField(),
    )
    counts = _counts(won(filters).annotate(women_owned=status), "women_owned")
    return _chart(
        slug="awards-women-owned",
        title=_("Orders won by women-owned status"),
        description=_(
            "Awards to registered suppliers in the period: to women-owned businesses, verified by "
            "the program or self-declared, and to others."
        ),
        header=_("Women-owned status"),
        groups=[
            ("verified", _("Women-owned, verified")),
            ("declared", _("Women-owned, self-declared")),
            ("other", _("Not women-owned")),
        ],
        counts=counts,
    )


def by_province(filters) -> charts.Chart:
    counts = _counts(won(filters), "supplier__province")
    orders: dict[str, int] = {}
    for (province, _currency), (n, _value) in counts.items():
        orders[province] = orders.get(province, 0) + n
    top = sorted(orders, key=lambda p: (-orders[p], p))[:TOP]
    return _chart(
        slug="awards-provinces",
        title=_("Orders won by province (largest %(count)d)") % {"count": TOP},
        description=_("Awards to registered suppliers in the period, by the supplier's province."),
        header=_("Province"),
        groups=[(p, province_name(p) or _("Not given")) for p in top],
        counts=counts,
    )


CHARTS = {
    "awards": by_currency,
    "awards-size-classes": by_size_class,
    "awards-women-owned": by_women_owned,
    "awards-provinces": by_province,
}
