"""Accounts while Redis (the cache the rate limits count in) is stopped: a correct password logs
in, sign-up and password reset work, and repeated wrong passwords are still refused after the limit
(counted in each web process until Redis is back, portal/cache.py)."""

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_stopped(own_redis, settings):
    """The portal's fail-soft cache on a Redis of the test's own, which answered, then stopped."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    cache.clear()
    assert cache.add("allauth:rl:probe", 1) and cache.get("allauth:rl:probe") == 1
    own_redis.stop()
    return own_redis


def test_the_right_password_logs_in(redis_stopped, client, supplier, password):
    response = client.post("/accounts/login/", {"login": supplier.email, "password": password})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(supplier.pk)


def test_sign_up_works(redis_stopped, client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new-supplier@example.com",
            "password1": "a-long-passphrase-7",
            "password2": "a-long-passphrase-7",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email="new-supplier@example.com").exists()


def test_a_password_reset_is_sent(redis_stopped, client, supplier):
    response = client.post("/accounts/password/reset/", {"email": supplier.email})

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[supplier.email]]


def test_repeated_wrong_passwords_are_still_refused_after_the_limit(
    redis_stopped, client, supplier, password
):
    statuses = [
        client.post(
            "/accounts/login/", {"login": supplier.email, "password": f"wrong-{i}"}
        ).status_code
        for i in range(6)
    ]

    assert statuses == [200] * 5 + [429]  # 5 in 5 minutes per address (ACCOUNT_RATE_LIMITS)
    response = client.post("/accounts/login/", {"login": supplier.email, "password": password})
    assert response.status_code == 429
