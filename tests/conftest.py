"""Personas every test can ask for, and the hygiene each test needs."""

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import PASSWORD, AdminFactory, ProgramStaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits count in the cache (Redis when REDIS_URL is set): each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    # A request activates its user's language for the thread; the next test must not inherit it.
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def supplier(db):
    """A signed-up supplier user with a confirmed e-mail address."""
    return UserFactory(email="supplier@example.com")


@pytest.fixture
def other_supplier(db):
    return UserFactory(email="other@example.com")


@pytest.fixture
def staff(db):
    """A member of the Program staff group."""
    return ProgramStaffFactory(email="staff@example.com")


@pytest.fixture
def admin_user(db):
    return AdminFactory(email="admin@example.com")
