"""Program staff and admins review the titles of the UNSPSC list here: the codes whose titles the
project team wrote await review; staff mark them reviewed or correct a title (`categories.review`).
Codes come only from the shipped list (`manage.py load_categories`): none is added or deleted here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from categories import review
from categories.models import Category, TitleSource


class AwaitingReviewFilter(admin.SimpleListFilter):
    title = _("titles awaiting review")
    parameter_name = "awaiting_review"

    def lookups(self, request, model_admin):
        return [("yes", _("Awaiting review (either language)"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return review.awaiting_review(queryset)
        return queryset


class RetiredFilter(admin.SimpleListFilter):
    title = _("retired")
    parameter_name = "retired"

    def lookups(self, request, model_admin):
        return [("no", _("Current codes")), ("yes", _("Retired codes"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(retired_at__isnull=self.value() == "no")
        return queryset


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "level",
        "title_en",
        "title_en_source",
        "title_zh",
        "chinese_title_source",
        "retired",
    ]
    list_filter = [AwaitingReviewFilter, "level", RetiredFilter]
    search_fields = ["code", "title_en", "title_zh"]
    actions = ["mark_reviewed"]
    fields = [
        "code",
        "level",
        "parent",
        "title_en",
        "title_en_source",
        "title_zh",
        "chinese_title_source",
        "titles_checked_by",
        "titles_checked_at",
        "retired_at",
    ]
    readonly_fields = [f for f in fields if f not in ("title_en", "title_zh")]

    def has_add_permission(self, request):
        return False  # codes come from the shipped list

    def has_delete_permission(self, request, obj=None):
        return False  # a code the list drops is retired, and stays where it is used

    @admin.display(description=_("retired"), boolean=True, ordering="retired_at")
    def retired(self, obj):
        return obj.is_retired

    @admin.display(description=_("source of the Chinese title"), ordering="title_zh_source")
    def chinese_title_source(self, obj):
        # Most classes and commodities have no Chinese title yet: nothing to review there.
        if not obj.title_zh and obj.title_zh_source != TitleSource.CORRECTED:
            return "-"
        return obj.get_title_zh_source_display()

    def save_model(self, request, obj, form, change):
        # The titles are the one thing staff change here; their source, who and when follow.
        review.correct_titles(
            obj,
            title_en=form.cleaned_data["title_en"],
            title_zh=form.cleaned_data["title_zh"],
            by=request.user,
        )
        obj.refresh_from_db()

    @admin.action(description=_("Mark the titles as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = review.mark_reviewed(queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "The titles of %(count)d category are marked reviewed.",
                "The titles of %(count)d categories are marked reviewed.",
                count,
            )
            % {"count": count},
        )
