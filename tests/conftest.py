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


@pytest.fixture(autouse=True)
def _reference_data(request):
    """A transactional test (live server, real worker) starts from tables emptied by the one before;
    reload the reference data that migrations load (UNSPSC categories)."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from notices.categories import load_reference_data
        from notices.models import Category

        if not Category.objects.exists():
            load_reference_data()


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
