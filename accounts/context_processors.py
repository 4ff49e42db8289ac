from django.conf import settings
from django.utils.functional import SimpleLazyObject

from accounts.roles import is_admin, is_program_staff
from accounts.time_zones import zone_is_readers_own


def roles(request):
    """Role flags for the site's frame; evaluated only by the templates that read them."""
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PROGRAM_CONTACT_EMAIL": settings.PROGRAM_CONTACT_EMAIL,
        "user_is_program_staff": SimpleLazyObject(lambda: bool(user) and is_program_staff(user)),
        "user_is_admin": SimpleLazyObject(lambda: bool(user) and is_admin(user)),
    }


def time_zone(request):
    """Whether the dates are in the reader's own zone ("your time zone") or the portal's default."""
    return {"zone_is_readers_own": zone_is_readers_own()}
