"""Pages follow the signed-in user's saved language and time zone."""

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import needs_second_factor


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
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        else:
            timezone.activate(zoneinfo.ZoneInfo(settings.DEFAULT_USER_TIME_ZONE))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class AdminSecondFactorMiddleware:
    """A staff user without a second factor who reaches the admin is sent to allauth's page that
    turns one on (after asking for the password again); logging out stays possible."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = reverse("admin:index")
        if (
            request.path.startswith(admin)
            and request.path != reverse("admin:logout")
            and needs_second_factor(request.user)
        ):
            messages.warning(
                request,
                _("Turn on two-factor authentication to use the administration."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
