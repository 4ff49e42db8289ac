"""Who may do what, site-wide.

Suppliers are any signed-in user; **program staff** are the members of the group of that name (it holds
the permissions to manage notices) and superusers; **admins** are staff with access to the Django admin,
where supplier registrations are reviewed.
"""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def is_program_staff(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=settings.PROGRAM_STAFF_GROUP).exists()


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def needs_second_factor(user) -> bool:
    """Staff (program staff and admins) may use the Django admin only with a second factor on
    their account (an authenticator app); allauth asks for it at every login once it is on."""
    return user.is_authenticated and user.is_staff and not is_mfa_enabled(user)


def program_staff_required(view):
    """Anonymous visitors are sent to log in; signed-in users who are not program staff get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_program_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
