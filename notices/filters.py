"""The notice list's filters: the public contract's query parameters, parsed by one FilterSet that
the list, the RSS feed (and later the alerts) share. The rules themselves are in `notices.search`."""

import functools
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from categories.models import Category, CategoryLevel
from core.countries import countries
from notices import caching, facets, finding, plans, search
from notices.models import Agency, NoticeType, PublicStatus

STATUS_CHOICES = [*PublicStatus.choices, (search.ANY_STATUS, _("Any status"))]
SORT_CHOICES = [
    (search.Sort.NEWEST, _("Newest first")),
    (search.Sort.CLOSING, _("Closing soonest")),
    (search.Sort.RELEVANCE, _("Best match (with keywords)")),
]


class PlainSelect(forms.Select):
    """A <select> whose options are written in Python. Django renders one template per option, and
    the country and category lists have hundreds: that alone cost most of the page's time.

    The options are reference data (the same for every reader of a language), so their HTML is
    built once per process and list of choices (`_options_html`); a request only marks its
    selected values.

    Its choices are kept as given, pairs of (value, label) or of (group, pairs): Django normalizes
    every assignment, and the filter sets of a page assign the countries and categories, hundreds
    of entries, once each (2 ms of a page's 28 of Python)."""

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = list(value)

    def render(self, name, value, attrs=None, renderer=None):
        attributes = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = _options_html(_frozen(self.choices))
        for key in {str(v) for v in self.format_value(value)}:
            plain = format_html('<option value="{}">', key)
            options = options.replace(plain, plain[:-1] + " selected>", 1)
        # Every part is escaped: the options by format_html in _options_html, the values above.
        return format_html("<select{}>{}</select>", flatatt(attributes), mark_safe(options))  # noqa: S308  # nosec B308 B703


def _frozen(choices) -> tuple:
    """The choices as a hashable key, labels as text in the active language."""
    return tuple(
        (str(key), _frozen(label)) if isinstance(label, list | tuple) else (str(key), str(label))
        for key, label in choices
    )


@functools.lru_cache(maxsize=64)
def _options_html(choices: tuple) -> str:
    parts = []
    for key, label in choices:
        if isinstance(label, tuple):
            parts.append(format_html('<optgroup label="{}">', key))
            parts += [format_html('<option value="{}">{}</option>', k, v) for k, v in label]
            parts.append("</optgroup>")
        else:
            parts.append(format_html('<option value="{}">{}</option>', key, label))
    return "".join(parts)


class SelectOneOrMore(PlainSelect):
    """A single <select> on the page whose value is read as a list, so that a URL may also repeat
    the parameter (agency=UNDP&agency=WFP) for feeds and saved searches."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [value for value in values if value]


class CountryCodesField(django_filters.fields.MultipleChoiceField):
    """Country codes, each checked against the set of them. The field holds no choices (its widget
    has them, for the page alone), so that building a filter set (up to four a search page) does
    not copy and normalize hundreds of countries: about 1 ms each."""

    def valid_value(self, value):
        return value in country_codes()


class CountryFilter(django_filters.MultipleChoiceFilter):
    field_class = CountryCodesField


class CategoryCodesField(forms.CharField):
    """One or more UNSPSC codes at any level (43, 4323, 43230000...), separated by commas."""

    def to_python(self, value):
        text = super().to_python(value)
        codes = [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]
        for code in codes:
            search.category_prefix(code)  # ValidationError names what is wrong
        return codes


class CategoryFilter(django_filters.CharFilter):
    field_class = CategoryCodesField


class DateInput(forms.DateInput):
    input_type = "date"


@functools.lru_cache(maxsize=8)
def country_choices(language: str) -> tuple:
    """Every country, named and sorted in `language` (django-countries sorts on each iteration)."""
    with translation.override(language):
        return tuple((code, str(name)) for code, name in countries)


@functools.cache
def country_codes() -> frozenset:
    return frozenset(code for code, _ in countries)


def listed_agencies() -> list[Agency]:
    """The agencies the search offers as a filter (listed by staff)."""
    return list(Agency.objects.filter(listed=True))


def agency_choices(agencies: list[Agency] | None = None) -> list[tuple[str, str]]:
    """Every listed agency by acronym, named in the reader's language: ("UNDP", "UNDP · 联合国开发计划署")."""
    agencies = listed_agencies() if agencies is None else agencies
    return [(agency.acronym, agency.label) for agency in agencies]


def category_choices() -> list:
    """Segments and families for the picker, families grouped under their segment. Reference data:
    kept an hour per language in the cache."""
    key = f"notices:category-choices:{translation.get_language()}"
    return [*cache.get_or_set(key, _category_choices, 3600)]


def _category_choices() -> list:
    rows = Category.objects.filter(level__in=[CategoryLevel.SEGMENT, CategoryLevel.FAMILY]).only(
        "code", "level", "title_en", "title_zh"
    )
    choices, group = [("", _("Any category"))], None
    for category in rows:
        label = f"{category.code[: 2 if category.level == CategoryLevel.SEGMENT else 4]} · {category.title}"
        if category.level == CategoryLevel.SEGMENT:
            group = (
                label,
                [(category.code, _("All of %(segment)s") % {"segment": category.title})],
            )
            choices.append(group)
        elif group is not None:
            group[1].append((category.code, label))
    return choices


class NoticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Keywords"),
        help_text=_('Words in any language; "exact phrase"; -word to exclude.'),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = CategoryFilter(
        method="filter_category",
        label=_("Category (UNSPSC)"),
        help_text=_("A code at any level includes everything below it."),
        widget=PlainSelect,
    )
    country = CountryFilter(
        method="filter_country", label=_("Country of delivery"), widget=SelectOneOrMore
    )
    agency = django_filters.MultipleChoiceFilter(
        method="filter_agency", label=_("Agency"), widget=SelectOneOrMore
    )
    type = django_filters.MultipleChoiceFilter(
        field_name="notice_type",
        label=_("Type of notice"),
        choices=NoticeType.choices,
        widget=SelectOneOrMore,
        # A column of the notice: no join can repeat a row, and DISTINCT would sort every match.
        distinct=False,
    )
    status = django_filters.ChoiceFilter(
        method="filter_status", label=_("Status"), choices=STATUS_CHOICES, empty_label=None
    )
    deadline_after = django_filters.DateFilter(
        method="filter_deadline_after", label=_("Closing on or after"), widget=DateInput
    )
    deadline_before = django_filters.DateFilter(
        method="filter_deadline_before", label=_("Closing on or before"), widget=DateInput
    )
    published_after = django_filters.DateFilter(
        method="filter_published_after", label=_("Published on or after"), widget=DateInput
    )
    sme_friendly = django_filters.BooleanFilter(
        method="filter_flag", label=_("SME-friendly only"), widget=forms.CheckboxInput
    )
    women_owned = django_filters.BooleanFilter(
        field_name="women_owned_preference",
        method="filter_flag",
        label=_("Preference for women-owned businesses"),
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        method="filter_nothing",
        label=_("Sort by"),
        choices=SORT_CHOICES,
        empty_label=_("Best match, or newest without keywords"),
    )

    class Meta:
        fields: list[str] = []

    def __init__(
        self,
        *args,
        category_picker: bool = False,
        agencies=None,
        keywords_per_row: bool = False,
        **kwargs,
    ):
        """`agencies`: the listed agencies when the caller has read them already (the list page
        builds three filter sets, the search and one per facet, on one read of the agencies).
        `keywords_per_row`: the keywords are tested on each row the other filters find
        (plans.keywords_per_row)."""
        super().__init__(*args, **kwargs)
        self.keywords_per_row = keywords_per_row
        agencies = listed_agencies() if agencies is None else agencies
        # The filter is on the notice's own column: a join on the acronym was checked after the
        # keywords on each row a page walks in date order (docs/performance.md).
        self.agency_keys = {agency.acronym: agency.pk for agency in agencies}
        self.filters["agency"].extra["choices"] = agency_choices(agencies)
        self.form.fields["agency"].widget.choices = [
            ("", _("Any agency")),
            *self.filters["agency"].extra["choices"],
        ]
        self.form.fields["type"].widget.choices = [("", _("Any type")), *NoticeType.choices]
        self.form.fields["country"].widget.choices = [
            ("", _("Any country")),
            *country_choices(translation.get_language()),
        ]
        self.form.fields["status"].initial = PublicStatus.OPEN
        if category_picker:
            choices = category_choices()
            current = (self.data.get("category") or "").strip()
            if current and not _among(current, choices):
                choices.insert(1, (current, current))
            self.form.fields["category"].widget.choices = choices

    # The form's fields read by the callers.
    @property
    def keywords(self) -> str:
        return self._cleaned("q") or ""

    @property
    def chosen_sort(self) -> str:
        requested = self._cleaned("sort")
        if requested:
            return requested
        return search.Sort.RELEVANCE if self.keywords else search.Sort.NEWEST

    @property
    def walked(self) -> QuerySet:
        """The notices a walk of a date index passes through for this search (plans.walked_by)."""
        agencies = [self.agency_keys[acronym] for acronym in self._cleaned("agency") or []]
        status = self._cleaned("status") or PublicStatus.OPEN
        return plans.walked_by(agencies=agencies, status=status, sort=self.chosen_sort)

    def _cleaned(self, name):
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {}).get(name)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The matching notices, unordered (`qs`): counts and facets run on these."""
        notices = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            notices = search.with_status(notices, PublicStatus.OPEN)
        return notices

    @property
    def results(self) -> QuerySet:
        """The matching notices in the order asked for (relevance ranks a bounded set)."""
        return search.ordered(self.qs, sort=self.chosen_sort, q=self.keywords)

    # Filters (django-filter calls them only with a non-empty, valid value).
    def filter_q(self, notices, name, value):
        status = self.form.cleaned_data.get("status") or PublicStatus.OPEN
        return finding.matching(
            notices, value, open_only=status == PublicStatus.OPEN, per_row=self.keywords_per_row
        )

    def filter_category(self, notices, name, value):
        return search.in_categories(notices, value)

    def filter_country(self, notices, name, value):
        return search.in_countries(notices, value)

    def filter_agency(self, notices, name, value):
        return search.in_agencies(notices, [self.agency_keys[acronym] for acronym in value])

    def filter_status(self, notices, name, value):
        return search.with_status(notices, value)

    def filter_deadline_after(self, notices, name, value):
        return notices.filter(deadline__gte=_start_of(value))

    def filter_deadline_before(self, notices, name, value):
        if value == date.max:  # no day follows it: every deadline falls before its end
            return notices.filter(deadline__isnull=False)
        return notices.filter(deadline__lt=_start_of(value + timedelta(days=1)))

    def filter_published_after(self, notices, name, value):
        return notices.filter(published_at__gte=_start_of(value))

    def filter_flag(self, notices, name, value):
        field = "sme_friendly" if name == "sme_friendly" else "women_owned_preference"
        return notices.filter(**{field: True}) if value else notices

    def filter_nothing(self, notices, name, value):
        return notices


def _start_of(day) -> datetime:
    """Midnight of that day in the reader's time zone (the middleware activates it)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def _among(value, choices) -> bool:
    for key, label in choices:
        if isinstance(label, list | tuple) and _among(value, label):
            return True
        if key == value:
            return True
    return False


@dataclass(frozen=True)
class SearchResults:
    filterset: NoticeFilter
    total: search.ResultCount
    page: search.ResultPage
    by_agency: list[dict]
    by_type: list[dict]
    # The facets count the first search.FACET_SAMPLE matches only (the page says so).
    facets_sampled: bool


def search_results(params, *, page, category_picker: bool = True) -> SearchResults:
    """Everything the list page shows: the filters, the count, one page, and the counts per agency
    and per type. Each facet ignores its own filter (choosing UNDP still shows how many WFP has)
    and counts at most search.FACET_SAMPLE matches."""
    agencies = listed_agencies()
    filterset = NoticeFilter(
        params,
        queryset=search.public_notices(),
        category_picker=category_picker,
        agencies=agencies,
    )
    with search.planned_for_search():
        found, sort, q = filterset.qs, filterset.chosen_sort, filterset.keywords
        total = plans.counted(found, sort=sort, q=q, page=page)
        if total.in_order_of is not None:
            shown = search.page_by_keys(total, sort=sort, q=q, number=page)
        else:
            walked = filterset.walked
            sort_all = plans.sorts_every_match(total, sort=sort, q=q, page=page, walked=walked)
            rows = search.ordered(
                search.matches_of(found, total), sort=sort, q=q, sort_all=sort_all
            )
            if sort_all and not search.by_relevance(sort, q):
                shown = search.page_of_sorted_keys(rows, number=page, total=total)
            else:
                shown = search.page_of(rows.defer(*search.CARD_DEFERRED), number=page, total=total)
        return SearchResults(
            filterset=filterset,
            total=total,
            page=shown,
            **_facets(params, agencies=agencies, total=total),
        )


def _facets(params, *, agencies, total) -> dict:
    """The facets. A facet ignores its own filter only when that filter is set: otherwise it counts
    the first matches the count has just met (`total.first`, by key), rather than searching the
    table again."""

    def search_of(params, **options):
        return NoticeFilter(params, queryset=search.public_notices(), agencies=agencies, **options)

    def without(name):
        if not params.getlist(name):
            return search.first_of(total)
        return search_of(_without(params, name), keywords_per_row=keywords_per_row()).qs

    @functools.cache
    def keywords_per_row() -> bool:
        keywords = _only(params, ["q", "status"])
        return bool(keywords.get("q")) and plans.keywords_per_row(
            search_of(keywords).qs, wanted=search.FACET_SAMPLE
        )

    def compute():
        if not (params.getlist("agency") or params.getlist("type")):
            first = search.first_of(total)
            return facets.facets(for_agencies=first, for_types=first, same=True)
        return facets.facets(for_agencies=without("agency"), for_types=without("type"), same=False)

    ignored = {"page", "sort"}
    key = hashlib.sha256(
        repr(sorted((k, sorted(params.getlist(k))) for k in params if k not in ignored)).encode()
    ).hexdigest()
    counted = facets.cached_facets(f"{caching.version()}:{key}", compute)
    by_type = [{**row, "label": NoticeType(row["notice_type"]).label} for row in counted.by_type]
    return {"by_agency": counted.by_agency, "by_type": by_type, "facets_sampled": counted.sampled}


def _without(params, name):
    copy = params.copy()
    copy.pop(name, None)
    return copy


def _only(params, names):
    copy = params.copy()
    for name in params:
        if name not in names:
            copy.pop(name)
    return copy
