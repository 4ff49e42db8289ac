"""The cache on Redis, failing soft.

The cache only saves work (search facets, category lists) and counts rate limits. When Redis does not
answer, a read is a miss and a write is skipped, so that pages keep answering (a little slower)
instead of failing with it; each failure is logged. Rate limits then count nothing until Redis is
back: the portal prefers to stay open for a few minutes (see docs/security.md).
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _soft(method, *, fallback):
    """`method`, answering `fallback(args, kwargs)` when Redis does not answer."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNAVAILABLE as error:
            logger.warning("cache unavailable (%s): %s skipped", error, method.__name__)
            return fallback(args, kwargs)

    return wrapper


def _default(args, kwargs):
    """What `get(key, default=None)` answers on a miss."""
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class ResilientRedisCache(RedisCache):
    get = _soft(RedisCache.get, fallback=_default)
    get_many = _soft(RedisCache.get_many, fallback=lambda args, kwargs: {})
    has_key = _soft(RedisCache.has_key, fallback=lambda args, kwargs: False)
    set = _soft(RedisCache.set, fallback=lambda args, kwargs: None)
    set_many = _soft(RedisCache.set_many, fallback=lambda args, kwargs: [])
    add = _soft(RedisCache.add, fallback=lambda args, kwargs: False)
    touch = _soft(RedisCache.touch, fallback=lambda args, kwargs: False)
    delete = _soft(RedisCache.delete, fallback=lambda args, kwargs: False)
    delete_many = _soft(RedisCache.delete_many, fallback=lambda args, kwargs: None)
    clear = _soft(RedisCache.clear, fallback=lambda args, kwargs: None)
    # A counter that could not move (the search cache's version) leaves cached pages to their
    # timeout (NOTICES_PAGE_CACHE_SECONDS).
    incr = _soft(RedisCache.incr, fallback=lambda args, kwargs: None)
    decr = _soft(RedisCache.decr, fallback=lambda args, kwargs: None)
