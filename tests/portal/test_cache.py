"""The cache fails soft: with Redis down, reads miss, writes are skipped, and nothing raises."""

import socket

import pytest

from portal.cache import ResilientRedisCache


@pytest.fixture
def cache_without_redis():
    with socket.socket() as probe:  # a loopback port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return ResilientRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )


def test_a_cache_without_redis_misses_and_skips_writes(cache_without_redis):
    cache = cache_without_redis

    assert cache.get("facets") is None
    assert cache.get("facets", "fallback") == "fallback"
    assert cache.get("facets", default=7) == 7
    assert cache.set("facets", [1, 2]) is None
    assert cache.add("facets", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("a") is False
    assert cache.delete("a") is False
    cache.clear()


def test_get_or_set_computes_the_value_without_redis(cache_without_redis):
    assert cache_without_redis.get_or_set("choices", lambda: ["43", "44"], 60) == ["43", "44"]


def test_rate_limits_keep_counting_in_this_process_without_redis(cache_without_redis):
    cache = cache_without_redis
    cache.clear()

    assert cache.add("allauth:rl:login:lock", True, timeout=10) is True
    assert cache.add("allauth:rl:login:lock", True, timeout=10) is False, "the lock holds"
    cache.set("allauth:rl:login", [1.0, 2.0], 300)
    assert cache.get("allauth:rl:login") == [1.0, 2.0]
    assert cache.get("facets") is None, "other keys still miss"
    cache.clear()
    assert cache.get("allauth:rl:login") is None


def test_each_connection_pool_has_one_client_built_once(cache_without_redis):
    """Django's client builds a `redis.Redis` per call; the portal's keeps one per pool."""
    client = cache_without_redis._cache

    assert client.get_client("a") is client.get_client("b", write=True)
