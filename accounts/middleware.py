"""Pages follow the signed-in user's saved language and time zone."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import needs_second_factor
from accounts.time_zones import activate_readers_zone, deactivate_readers_zone


class UserPreferencesMiddleware:
    """Runs after authentication: a signed-in user's saved language wins over the cookie and the
    browser's Accept-Language (the language switcher saves the choice, see `portal.views`);
    everyone sees dates in their own time zone (anonymous visitors in the portal's default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        activate_readers_zone(user)
        try:
            return self.get_response(request)
        finally:
            deactivate_readers_zone()


# What a staff member without a second factor may still open: the account pages (log in and out,
# the password, turning the second factor on), the language switch, the health check, and the
# admin's logout.
OPEN_WITHOUT_SECOND_FACTOR = ("/accounts/", "/i18n/", "/healthz", "/admin/logout/")


class StaffSecondFactorMiddleware:
    """A staff member (program staff or admin) without a second factor is sent to allauth's page
    that turns one on (after asking for the password again) from every page of the portal but
    those above: publishing reaches every subscribed supplier's inbox, and staff read suppliers'
    documents and draft notices, so a password alone opens none of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(OPEN_WITHOUT_SECOND_FACTOR) and needs_second_factor(
            request.user
        ):
            messages.warning(
                request,
                _("Turn on two-factor authentication to use the portal with your staff account."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
