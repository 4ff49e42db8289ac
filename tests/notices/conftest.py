import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    # A request of an earlier test may have left another language active in this thread (the
    # middleware activates the user's language and nothing deactivates it after the response).
    translation.activate("en")
    yield
    translation.activate("en")
