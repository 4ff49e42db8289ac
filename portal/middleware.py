"""Pages follow the signed-in user's saved language and time zone."""

import zoneinfo

from django.conf import settings
from django.utils import timezone, translation


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
