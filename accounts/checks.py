"""Deployment checks of the portal's own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def rate_limits_need_a_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache") or backend.endswith("DummyCache"):
        return [
            Warning(
                "The cache is local to each process, so login and password-reset rate limits are "
                "counted per process and can be bypassed.",
                hint="Set REDIS_URL so that the cache is shared by every web process.",
                id="portal.W001",
            )
        ]
    return []
