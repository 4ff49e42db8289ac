"""The review queue in the Django admin. Every decision goes through suppliers.review."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from categories.models import Category, CategoryLevel
from core.countries import countries, reading_order
from core.forms import error_text
from suppliers import assessment, review
from suppliers.admin_decisions import DECISIONS, Decision, DecisionForm
from suppliers.models import (
    Assessment,
    AssessmentQuestion,
    AssessmentSection,
    AssessmentStatus,
    Certification,
    CertificationKind,
    CorrectiveAction,
    RatingBand,
    ReviewEvent,
    Supplier,
    SupplierDocument,
    SupplierStatus,
)
from suppliers.team_admin import MembershipInline


class WomenOwnedChoice(models.TextChoices):
    """The women-owned filter's values."""

    DECLARED = "declared", _("Declared, not verified")
    VERIFIED = "verified", _("Verified")
    NO = "no", _("No")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


# The band filter's value for suppliers without a reviewed assessment.
NO_BAND = "none"


class WomenOwnedFilter(admin.SimpleListFilter):
    title = _("women-owned")
    parameter_name = "women_owned"

    def lookups(self, request, model_admin):
        return WomenOwnedChoice.choices

    def queryset(self, request, queryset):
        if self.value() == WomenOwnedChoice.DECLARED:
            return queryset.filter(women_owned=True, women_owned_verified_at__isnull=True)
        if self.value() == WomenOwnedChoice.VERIFIED:
            return queryset.filter(women_owned_verified_at__isnull=False)
        if self.value() == WomenOwnedChoice.NO:
            return queryset.filter(women_owned=False)
        return queryset


class CountryFilter(admin.SimpleListFilter):
    """Only the countries suppliers are registered in, not all 250."""

    title = _("country of registration")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = Supplier.objects.order_by().values_list("country", flat=True).distinct()
        named = ((code, countries.name(code)) for code in codes)
        return sorted(named, key=lambda item: reading_order(str(item[1])))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class CertificationFilter(admin.SimpleListFilter):
    title = _("certification")
    parameter_name = "certification"

    def lookups(self, request, model_admin):
        return CertificationKind.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(certifications__kind=self.value()).distinct()
        return queryset


class SegmentFilter(admin.SimpleListFilter):
    """Suppliers who sell anything under a UNSPSC segment (a category at any level below it)."""

    title = _("category segment")
    parameter_name = "segment"

    def lookups(self, request, model_admin):
        used = Supplier.categories.through.objects.values_list(
            "category__code", flat=True
        ).distinct()
        prefixes = sorted({code[:2] for code in used})
        segments = Category.objects.filter(level=CategoryLevel.SEGMENT, prefix__in=prefixes)
        return [(segment.prefix, f"{segment.prefix} {segment.title}") for segment in segments]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(categories__code__startswith=self.value()).distinct()
        return queryset


class ScoreBandFilter(admin.SimpleListFilter):
    """Suppliers whose reviewed sustainability assessment in force reached a rating band."""

    title = _("sustainability rating band")
    parameter_name = "band"

    def lookups(self, request, model_admin):
        return [*RatingBand.choices, (NO_BAND, _("No reviewed assessment"))]

    def queryset(self, request, queryset):
        if self.value() in RatingBand.values:
            return assessment.in_band(queryset, self.value())
        if self.value() == NO_BAND:
            return queryset.exclude(
                pk__in=Assessment.objects.filter(status=AssessmentStatus.APPROVED).values(
                    "supplier"
                )
            )
        return queryset


class AssessedFilter(admin.SimpleListFilter):
    title = _("sustainability assessed")
    parameter_name = "assessed"

    def lookups(self, request, model_admin):
        return YesNo.choices

    def queryset(self, request, queryset):
        if self.value() in YesNo.values:
            return queryset.filter(sustainability_assessed=self.value() == YesNo.YES)
        return queryset


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "from_status", "to_status", "actor", "reason", "note"]
    readonly_fields = fields
    verbose_name_plural = _("Review history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = SupplierDocument
    extra = 0
    can_delete = False
    fields = ["kind", "fiscal_year", "download", "size", "sha256", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, document):
        url = reverse("suppliers:document-download", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, document.original_name)


class CertificationInline(admin.TabularInline):
    """The supplier's own declaration, read here: they change it on their profile."""

    model = Certification
    extra = 0
    can_delete = False
    fields = ["kind", "label", "expires_on"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = [
        "legal_name",
        "legal_name_local",
        "country",
        "province",
        "status",
        "size_class",
        "women_owned_display",
        "submitted_at",
        "waiting_days",
        "assessed_mark",
    ]
    list_filter = [
        "status",
        CountryFilter,
        "province",
        "size_class",
        WomenOwnedFilter,
        CertificationFilter,
        SegmentFilter,
        ScoreBandFilter,
        AssessedFilter,
        ("submitted_at", admin.DateFieldListFilter),
    ]
    search_fields = [
        "legal_name",
        "legal_name_local",
        "trading_name",
        "registration_number",
        "contact_email",
        "owner__email",
    ]
    list_select_related = ["owner"]
    list_per_page = 50
    readonly_fields = [
        "owner",
        "status",
        "size_class",
        "women_owned",
        "women_owned_verified_at",
        "women_owned_verified_by",
        "code_of_conduct_accepted_at",
        "eligibility_declared_at",
        "created_at",
        "updated_at",
        "submitted_at",
        "decided_at",
    ]
    autocomplete_fields = ["categories"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ReviewEventInline, DocumentInline, CertificationInline, MembershipInline]
    actions = ["approve_selected", "request_changes", "reject", "verify_women_owned"]

    def response_action(self, request, queryset):
        # A tampered selection (not profile ids) is an error message, not Django's server error.
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if not all(value.isdigit() and len(value) <= 18 for value in selected):
            self.message_user(request, _("Select profiles from the list."), messages.ERROR)
            return None
        return super().response_action(request, queryset)

    def get_queryset(self, request):
        # The review queue: submitted profiles first, oldest submission first.
        return (
            assessment.with_assessed_mark(super().get_queryset(request))
            .annotate(
                queue_rank=Case(
                    When(status=SupplierStatus.SUBMITTED, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("queue_rank", "submitted_at", "id")
        )

    @admin.display(description=_("days waiting"))
    def waiting_days(self, supplier):
        if supplier.status != SupplierStatus.SUBMITTED or not supplier.submitted_at:
            return "—"
        return (timezone.now() - supplier.submitted_at).days

    # Text, not the admin's boolean icon, whose alternative text is "True" or "False" in English.
    @admin.display(description=_("sustainability assessed"))
    def assessed_mark(self, supplier):
        return _("Yes") if supplier.sustainability_assessed else "—"

    @admin.display(description=_("women-owned"))
    def women_owned_display(self, supplier):
        if supplier.women_owned_verified:
            return _("verified")
        return _("declared") if supplier.women_owned else "—"

    # --- The profile is its owner's: the change page reads it, and takes decisions ------------------

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # Staff write to the supplier through a decision's comment, never by editing the company.
        return [
            f.name for f in [*Supplier._meta.fields, *Supplier._meta.many_to_many] if f.name != "id"
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        supplier = self.get_object(request, unquote(object_id))
        context = {"show_save": False, "show_save_and_continue": False}
        context["show_save_and_add_another"] = False
        if supplier is not None and self.has_change_permission(request, supplier):
            context["decision_form"] = review.awaits_decision(supplier) and DecisionForm()
        return super().change_view(request, object_id, form_url, context | (extra_context or {}))

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_view)
        return [
            path("<path:object_id>/decide/", decide, name="suppliers_supplier_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id):
        """A button of the change page: the queue's decision, for this profile."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        supplier = self.get_object(request, unquote(object_id))
        if supplier is None:
            raise Http404
        decision = DECISIONS.get(request.POST.get("decision"))
        if request.method != "POST" or decision is None:
            return HttpResponseBadRequest()
        page = self._decide_with_form(request, [supplier], decision, form_url=request.path)
        return page or redirect("admin:suppliers_supplier_change", supplier.pk)

    # --- Actions: each decision is suppliers.review's; the admin only asks for the note. ---------

    def _apply(self, request, queryset, decide, done_message):
        done, refused = 0, []
        for supplier in queryset:
            try:
                decide(supplier)
            except ValidationError as error:
                refused.append(f"{supplier}: {error_text(error)}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    def _decide_with_form(self, request, queryset, decision: Decision, *, form_url=""):
        """A page asks for the note (or reason); once it is valid, the decision is taken for each
        profile. From the queue, the form comes on its own page first; from a change page, it
        was filled there and only comes back with its errors (to `form_url`)."""
        sent = "apply" in request.POST or form_url
        form = decision.form_class(request.POST if sent else None)
        if form.is_bound and form.is_valid():
            take = decision.take
            self._apply(
                request,
                queryset,
                lambda supplier: take(supplier, by=request.user, data=form.cleaned_data),
                decision.done,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": decision.title,
            "form": form,
            "queryset": queryset,
            "action": decision.action,
            "decision": decision.name,
            "form_url": form_url,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/suppliers/supplier/review_action.html", context)

    @admin.action(description=_("Approve the selected profiles"), permissions=["change"])
    def approve_selected(self, request, queryset):
        return self._decide_with_form(request, queryset, DECISIONS["approve"])

    @admin.action(description=_("Request changes (with a note)"), permissions=["change"])
    def request_changes(self, request, queryset):
        return self._decide_with_form(request, queryset, DECISIONS["request_changes"])

    @admin.action(description=_("Reject (with a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        return self._decide_with_form(request, queryset, DECISIONS["reject"])

    @admin.action(description=_("Mark women-owned status as verified"), permissions=["change"])
    def verify_women_owned(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda supplier: review.verify_women_owned(supplier, by=request.user),
            lambda n: (
                ngettext(
                    "Women-owned status verified for %(count)d supplier.",
                    "Women-owned status verified for %(count)d suppliers.",
                    n,
                )
                % {"count": n}
            ),
        )


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "supplier", "action", "from_status", "to_status", "actor"]
    list_filter = ["action", "to_status"]
    search_fields = ["supplier__legal_name", "note"]
    list_select_related = ["supplier", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- The sustainability questionnaire and assessments ------------------------------------------------


class QuestionInline(admin.TabularInline):
    model = AssessmentQuestion
    extra = 0
    fields = ["position", "code", "text_en", "text_zh", "weight", "critical", "is_active"]
    show_change_link = True


@admin.register(AssessmentSection)
class AssessmentSectionAdmin(admin.ModelAdmin):
    list_display = ["position", "title_en", "title_zh", "weight"]
    list_display_links = ["title_en"]
    list_editable = ["weight"]
    inlines = [QuestionInline]


@admin.register(AssessmentQuestion)
class AssessmentQuestionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "section",
        "text_en",
        "weight",
        "critical",
        "evidence_expected",
        "is_active",
    ]
    list_editable = ["weight", "critical", "evidence_expected", "is_active"]
    list_filter = ["section", "critical", "is_active"]
    search_fields = ["code", "text_en", "text_zh"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Rounds are answered by suppliers and reviewed by staff in the portal; here they are read."""

    list_display = ["supplier", "status", "score", "band", "submitted_at", "reviewed_at", "review"]
    list_filter = ["status", "band"]
    search_fields = ["supplier__legal_name", "supplier__legal_name_local"]
    list_select_related = ["supplier"]
    readonly_fields = [f.name for f in Assessment._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("review"))
    def review(self, obj):
        url = reverse("assessments:detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(admin.ModelAdmin):
    list_display = ["description", "supplier", "owner", "due_on", "status"]
    list_filter = ["status", "finding__severity"]
    search_fields = ["description", "finding__assessment__supplier__legal_name"]
    list_select_related = ["finding__assessment__supplier"]
    # Status changes go through suppliers.action_plans (the portal's plan pages), never a bare edit.
    readonly_fields = ["finding", "status", "done_at", "verified_at", "verified_by", "created_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("supplier"))
    def supplier(self, action):
        return action.finding.assessment.supplier
