from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import contact
from portal.models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """The contact page's messages, those to answer first; staff read them here and mark them
    handled once answered. What a sender wrote is never edited."""

    list_display = ["created_at", "name", "email", "topic", "handled"]
    list_filter = ["handled", "topic"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "created_at"
    actions = ["mark_handled", "mark_unhandled"]
    fields = [
        "created_at",
        "name",
        "email",
        "user",
        "language",
        "topic",
        "message",
        "handled",
        "handled_at",
        "handled_by",
        "e_mailed_to",
    ]
    readonly_fields = [f for f in fields if f != "handled"]

    def has_add_permission(self, request):
        return False  # messages come from the contact page

    @admin.display(description=_("e-mailed to"))
    def e_mailed_to(self, obj):
        rows = obj.deliveries.select_related("user").order_by("id")
        return ", ".join(f"{row.user.email} ({row.get_status_display()})" for row in rows) or "-"

    def save_model(self, request, obj, form, change):
        # The flag is the one thing staff change here; who and when follow it.
        if "handled" in form.changed_data:
            rows = ContactMessage.objects.filter(pk=obj.pk)
            if obj.handled:
                contact.mark_handled(rows, by=request.user)
            else:
                contact.mark_unhandled(rows)
            obj.refresh_from_db()

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = contact.mark_handled(queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d message marked handled.", "%(count)d messages marked handled.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as not handled"), permissions=["change"])
    def mark_unhandled(self, request, queryset):
        count = contact.mark_unhandled(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message to answer again.", "%(count)d messages to answer again.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
