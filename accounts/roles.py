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
    # Asked on every request (the second-factor rule, the menu, the views): the answer is kept on
    # the user object, which is loaded anew for each request, so a change of groups shows at the next.
    if not hasattr(user, "_in_program_staff_group"):
        user._in_program_staff_group = user.groups.filter(
            name=settings.PROGRAM_STAFF_GROUP
        ).exists()
    return user._in_program_staff_group


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def is_staff_member(user) -> bool:
    """Program staff or an admin: someone who publishes to every subscribed supplier's inbox or
    reads their documents."""
    return is_admin(user) or is_program_staff(user)


def needs_second_factor(user) -> bool:
    """Staff (program staff and admins) use the portal only with a second factor on their account
    (an authenticator app); allauth asks for it at every login once it is on."""
    return is_staff_member(user) and not is_mfa_enabled(user)


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
