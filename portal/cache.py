"""The cache on Redis, failing soft.

The cache only saves work (search facets, category lists) and counts rate limits. When Redis does not
answer, a read is a miss and a write is skipped, so that pages keep answering (a little slower)
instead of failing with it; each failure is logged, and Redis is not asked again for SKIP_REDIS_FOR
seconds (a Redis that went away without closing its connections costs each question a timeout).

Rate limits (allauth's counters and their locks, keys under COUNTED_LOCALLY) keep counting while
Redis is down, in a memory cache of each process: logins, sign-ups and password resets stay open,
and a guesser is still refused after the limit (per process, so up to the limit times the number of
web server processes). When Redis is back, its counts apply again.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, the cache goes without Redis for this long before asking it again.
SKIP_REDIS_FOR = 5.0
# Keys counted in this process while Redis is down: allauth's rate limits and their locks.
COUNTED_LOCALLY = ("allauth:rl:",)

_local_counts = LocMemCache("portal-rate-limits-without-redis", {"OPTIONS": {"MAX_ENTRIES": 10000}})
_unavailable_until: dict[tuple, float] = {}  # per Redis location, in time.monotonic()
_lock = threading.Lock()


def _counted_locally(args, kwargs) -> bool:
    key = args[0] if args else kwargs.get("key")
    return isinstance(key, str) and key.startswith(COUNTED_LOCALLY)


def _soft(method, *, fallback):
    """`method`, answering `fallback(args, kwargs)` when Redis does not answer (or the local count,
    for a rate limit's key)."""
    name = method.__name__

    def without_redis(args, kwargs):
        if _counted_locally(args, kwargs):
            return getattr(_local_counts, name)(*args, **kwargs)
        return fallback(args, kwargs)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        location = tuple(self._servers)
        if time.monotonic() < _unavailable_until.get(location, 0):
            return without_redis(args, kwargs)
        try:
            return method(self, *args, **kwargs)
        except UNAVAILABLE as error:
            with _lock:
                _unavailable_until[location] = time.monotonic() + SKIP_REDIS_FOR
            logger.warning("cache unavailable (%s): %s skipped", error, name)
            return without_redis(args, kwargs)

    return wrapper


def _default(args, kwargs):
    """What `get(key, default=None)` answers on a miss."""
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class OneClientPerPool(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every call (its table of some 170 reply
    handlers with it): a search page asks Redis 8 times, and that was 1.5 ms of its Python. One
    per connection pool is enough: a `redis.Redis` takes a connection from its pool per command."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool

    get = _soft(RedisCache.get, fallback=_default)
    get_many = _soft(RedisCache.get_many, fallback=lambda args, kwargs: {})
    has_key = _soft(RedisCache.has_key, fallback=lambda args, kwargs: False)
    set = _soft(RedisCache.set, fallback=lambda args, kwargs: None)
    set_many = _soft(RedisCache.set_many, fallback=lambda args, kwargs: [])
    add = _soft(RedisCache.add, fallback=lambda args, kwargs: False)
    touch = _soft(RedisCache.touch, fallback=lambda args, kwargs: False)
    delete = _soft(RedisCache.delete, fallback=lambda args, kwargs: False)
    delete_many = _soft(RedisCache.delete_many, fallback=lambda args, kwargs: None)
    _clear_redis = _soft(RedisCache.clear, fallback=lambda args, kwargs: None)
    # A counter that could not move (the search cache's version) leaves cached pages to their
    # timeout (NOTICES_PAGE_CACHE_SECONDS).
    incr = _soft(RedisCache.incr, fallback=lambda args, kwargs: None)
    decr = _soft(RedisCache.decr, fallback=lambda args, kwargs: None)

    def clear(self):
        """Empty Redis (when it answers) and the rate limits counted in this process."""
        _local_counts.clear()
        self._clear_redis()
