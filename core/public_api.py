"""What every open-data endpoint does around its view: it may be read from any web page (CORS), and
each client may ask API_RATE_LIMIT times in its window.

CORS is a few headers on a few read-only URLs, with no credentials and no list of origins: a
decorator says so where the view is defined, without a dependency to configure.

The limit counts with allauth's rate limiter, like the account pages (ACCOUNT_RATE_LIMITS): its
counts live in the shared cache and, while Redis is down, in each process (portal.cache counts
allauth's keys locally). allauth's public `consume` never counts GET requests, so the API calls its
internal one, which takes the rate and `limit_get`; an upgrade of allauth that moves it fails the
tests of the limit, not silently.
"""

import functools
import math
import time

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

RATE_LIMIT_APP = "portal"
RATE_LIMIT_ACTION = "api"
READ_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    # Readable by a script besides the simple response headers.
    "Access-Control-Expose-Headers": "ETag, Link, Retry-After",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": ", ".join(READ_METHODS),
    # The conditional requests' headers are not CORS-safelisted.
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


def public_api(view):
    """`view` for GET and HEAD (405 otherwise), answering CORS preflights (OPTIONS) itself, with
    `Access-Control-Allow-Origin: *` on every answer (a 400, 404 or 429 too, so that a script can
    read why) and a 429 once the client has used API_RATE_LIMIT."""

    @functools.wraps(view)
    @require_http_methods(READ_METHODS)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            headers = PREFLIGHT_HEADERS
        else:
            response = _refused(request) or view(request, *args, **kwargs)
            headers = CORS_HEADERS
        for name, value in headers.items():
            response[name] = value
        return response

    return wrapper


def _refused(request) -> JsonResponse | None:
    """A 429 with Retry-After when this request is over the limit; None when it may go on."""
    config = {RATE_LIMIT_ACTION: settings.API_RATE_LIMIT}
    allowed = ratelimit.consume(
        request, app=RATE_LIMIT_APP, action=RATE_LIMIT_ACTION, config=config, limit_get=True
    )
    if allowed:
        return None
    response = JsonResponse(
        {"error": _("Too many requests: please wait before asking again.")}, status=429
    )
    response["Retry-After"] = str(retry_after(request, config=config))
    return response


def retry_after(request, *, config: dict) -> int:
    """Seconds until the oldest request that keeps the client over its limit leaves the window."""
    waits = [1]
    for rate in ratelimit.get_rates(app=RATE_LIMIT_APP, action=RATE_LIMIT_ACTION, config=config):
        key = ratelimit.get_cache_key(
            request, app=RATE_LIMIT_APP, action=RATE_LIMIT_ACTION, rate=rate
        )
        history = cache.get(key, [])  # newest first
        if len(history) >= rate.amount:
            waits.append(math.ceil(history[rate.amount - 1] + rate.duration - time.time()))
    return max(waits)
