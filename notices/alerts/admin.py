"""The alert pipeline in the admin, for answering "why did I not get this e-mail?": each user's
alerts, the outbox with each row's status and last error, and the addresses that refused our mail.

Read-only: alerts belong to their owners, and the outbox is written and sent by the pipeline alone.
A suppressed address may be deleted, which lets mail reach it again (as its owner confirming the
address again does)."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from notices.alerts.models import Alert, AlertDelivery, SuppressedAddress


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeletedFilter(admin.SimpleListFilter):
    title = _("deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", _("No")), ("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(deleted_at__isnull=self.value() == "no")
        return queryset


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "frequency", "is_paused", "deleted_at", "created_at"]
    list_filter = ["frequency", "is_paused", DeletedFilter]
    list_select_related = ["user"]
    # An exact address: the alerts are found through their owner's index.
    search_fields = ["=user__email"]
    search_help_text = _("The owner's e-mail address, exactly.")
    exclude = ["detached_deliveries"]


class CappedPaginator(Paginator):
    """Counts at most CAP rows: the outbox holds millions, and an exact count of them would cost
    each page of the list a second. Past the cap, the list shows CAP results and its last pages."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.CAP].count()


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "user",
        "kind",
        "notice",
        "frequency",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind", "frequency"]
    list_select_related = ["user", "notice"]
    search_fields = ["=user__email"]
    search_help_text = _("The recipient's e-mail address, exactly.")
    paginator = CappedPaginator
    show_full_result_count = False
    raw_id_fields = ["user", "notice", "action", "contact_message", "alert"]


@admin.register(SuppressedAddress)
class SuppressedAddressAdmin(ReadOnlyAdmin):
    list_display = ["email", "created_at", "reason"]
    search_fields = ["email"]

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("notices.delete_suppressedaddress")
