"""The admin manages notices through the same rules as the staff area: a new notice is a draft, a
draft is edited freely, a published one is amended (with a note), and drafts are published by an
action that applies the publishing rules. Cancelling and awards are done from /staff/notices/."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import add_domain_error, error_text
from notices import publishing
from notices.alerts import admin as alert_admin  # noqa: F401 (registers the pipeline's pages)
from notices.forms import NoticeForm
from notices.models import (
    Agency,
    Amendment,
    AmendmentChange,
    Attachment,
    Award,
    Notice,
    NoticeStatus,
)


class NoticeAdminForm(NoticeForm):
    note = forms.CharField(
        label=_("Amendment note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you change a published notice: suppliers read it."),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self._check_with_the_publishing_rules(data)
        except ValidationError as error:
            add_domain_error(self, error)
        return data

    def _check_with_the_publishing_rules(self, data):
        if not self.instance.pk:
            draft = Notice(
                agency=data["agency"],
                reference=data["reference"],
                deadline_time_zone=data["agency"].time_zone,
            )
            publishing.check_draft(draft, values=self.notice_values())
            return
        original = Notice.objects.get(pk=self.instance.pk)
        if original.status == NoticeStatus.DRAFT:
            publishing.check_draft(original, values=self.notice_values())
        else:
            publishing.check_amendment(
                original, changes=self.notice_changes(), note=data.get("note", "")
            )


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["title", "kind", "size", "original_name", "uploaded_at"]
    readonly_fields = fields


class AwardInline(ReadOnlyInline):
    model = Award
    fields = ["supplier_name", "supplier", "value", "currency", "awarded_on"]
    readonly_fields = fields


class AmendmentInline(ReadOnlyInline):
    model = Amendment
    fields = ["number", "created_at", "source", "note"]
    readonly_fields = fields


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    form = NoticeAdminForm
    list_display = ["reference", "title", "agency", "status", "deadline", "published_at"]
    list_filter = ["status", "notice_type", "agency", "sme_friendly", "women_owned_preference"]
    search_fields = ["reference", "title"]
    list_select_related = ["agency"]
    show_full_result_count = False
    readonly_fields = [
        "status",
        "published_at",
        "cancelled_at",
        "cancellation_reason",
        "updated_at",
    ]
    inlines = [AttachmentInline, AwardInline, AmendmentInline]
    actions = ["publish_drafts"]

    def has_delete_permission(self, request, obj=None):
        # A published notice's history must stay; only drafts may go.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == NoticeStatus.DRAFT)

    def has_publish_permission(self, request):
        return request.user.has_perm("notices.publish_notice")

    def save_model(self, request, obj, form, change):
        values = form.notice_values()
        if not change:
            notice = publishing.create_draft(
                agency=form.cleaned_data["agency"],
                reference=form.cleaned_data["reference"],
                values=values,
                by=request.user,
            )
            obj.pk, obj._state.adding = notice.pk, False
        else:
            publishing.edit(
                obj,
                values=values,
                changes=form.notice_changes(),
                note=form.cleaned_data["note"],
                by=request.user,
            )

    @admin.action(description=_("Publish the selected drafts"), permissions=["publish"])
    def publish_drafts(self, request, queryset):
        published, refused = 0, []
        for notice in queryset.filter(status=NoticeStatus.DRAFT).select_related("agency"):
            try:
                publishing.publish(notice, by=request.user)
                published += 1
            except ValidationError as error:
                refused.append(f"{notice.reference}: {error_text(error)}")
        self.message_user(
            request,
            ngettext("%(count)d notice published.", "%(count)d notices published.", published)
            % {"count": published},
            messages.SUCCESS,
        )
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name_en", "name_zh", "time_zone", "website", "listed"]
    list_editable = ["listed"]
    list_filter = ["listed"]
    search_fields = ["acronym", "name_en", "name_zh"]


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ["notice", "number", "created_at", "source"]
    list_select_related = ["notice__agency"]
    readonly_fields = ["notice", "number", "note", "source", "created_at", "created_by"]

    class ChangeInline(ReadOnlyInline):
        model = AmendmentChange
        fields = ["field", "old_value", "new_value"]
        readonly_fields = fields

    inlines = [ChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Awards are recorded from the notice (staff's award form) or imported; here staff link one to
    the program's registered supplier that won it (found by English or Chinese name, or credit
    code)."""

    list_display = ["supplier_name", "supplier", "notice", "value", "currency", "awarded_on"]
    list_select_related = ["notice__agency", "supplier"]
    list_filter = [("supplier", admin.EmptyFieldListFilter)]
    search_fields = ["supplier_name", "notice__reference", "notice__title"]
    autocomplete_fields = ["supplier"]
    fields = ["notice", "supplier_name", "supplier", "value", "currency", "awarded_on", "status"]
    readonly_fields = ["notice", "supplier_name", "value", "currency", "awarded_on", "status"]

    def has_add_permission(self, request):
        return False
