"""The admin: an event with its sessions inline, and the registrations (read only: seats and the
waiting list change through events.registration, never by hand). A new event is a draft; once
published, its fields change only by amendment from /staff/events/ (so that registrants are told),
while its sessions stay editable here."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Buyer, Event, EventStatus, MeetingSlot, Registration, Session
from events.publishing import EDITABLE_FIELDS


class SessionInline(admin.TabularInline):
    model = Session
    extra = 1
    fields = ["title_en", "title_zh", "room", "starts_at", "ends_at", "speakers", "capacity"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title_en", "kind", "city", "online", "starts_at", "capacity", "status"]
    list_filter = ["status", "kind", "online", "eligibility"]
    search_fields = ["title_en", "title_zh", "city", "venue"]
    date_hierarchy = "starts_at"
    inlines = [SessionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [*EDITABLE_FIELDS, "status", "cancellation_reason", "created_by", "published_at"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["status", "cancellation_reason", "created_by", "published_at"]
        if obj is not None and obj.status != EventStatus.DRAFT:
            return [*EDITABLE_FIELDS, *fixed]
        return fixed

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "participant",
        "user",
        "supplier",
        "status",
        "attended_at",
        "certificate_state",
    ]
    list_filter = ["status", "event__kind", "event"]
    # A company's events, attendance and certificates: search by its name or credit code.
    search_fields = [
        "user__email",
        "attendee_name",
        "attendee_email",
        "supplier__legal_name",
        "supplier__legal_name_local",
        "supplier__registration_number",
        "event__title_en",
    ]
    list_select_related = ["event", "user", "supplier", "certificate"]
    fields = [
        "event",
        "user",
        "attendee_name",
        "attendee_email",
        "supplier",
        "status",
        "position",
        "session_titles",
        "created_at",
        "attended_at",
        "checked_in_by",
        "certificate_state",
    ]
    readonly_fields = fields
    ordering = ["event", "status", "position", "created_at"]

    @admin.display(description=_("participant"))
    def participant(self, obj):
        return obj.participant_name

    @admin.display(description=_("certificate"))
    def certificate_state(self, obj):
        certificate = getattr(obj, "certificate", None)
        if certificate is None:
            return "—"
        if certificate.is_revoked:
            return _("%(kind)s, revoked") % {"kind": certificate.get_kind_display()}
        return certificate.get_kind_display()

    @admin.display(description=_("sessions"))
    def session_titles(self, obj):
        return ", ".join(session.title_en for session in obj.sessions.all())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeetingSlotInline(admin.TabularInline):
    model = MeetingSlot
    extra = 1
    fields = ["starts_at", "ends_at", "table"]


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    """Who meets suppliers at a fair, for which agency, and their times (a slot that overlaps
    another of theirs is refused by events.meetings.publish_slot, not here)."""

    list_display = ["user", "agency", "event"]
    list_filter = ["agency"]
    raw_id_fields = ["event", "user"]
    inlines = [MeetingSlotInline]
