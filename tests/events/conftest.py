import pytest

from tests.events.factories import EventFactory
from tests.factories import UserFactory


@pytest.fixture
def workshop(db):
    """A published workshop in Shanghai, a month from now, with 70 seats."""
    return EventFactory()


@pytest.fixture
def people(db):
    """Five signed-up users, to fill seats with."""
    return [UserFactory(email=f"participant{n}@example.com") for n in range(5)]
