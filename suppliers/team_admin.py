"""The team on a supplier's admin page: read only, as the company's owner manages it on the
portal (/supplier/team/)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from suppliers.models import Membership


class MembershipInline(admin.TabularInline):
    """The company's members besides its owner (the supplier's `owner` field)."""

    model = Membership
    extra = 0
    can_delete = False
    fields = ["user", "role", "created_at", "added_by"]
    readonly_fields = fields
    verbose_name_plural = _("Team (besides the owner)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
