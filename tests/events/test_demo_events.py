"""The demo events of seed_demo: a workshop with three parallel trainings and a procurement fair."""

from io import StringIO

import pytest
from django.core.management import call_command

from events.demo import seed_events
from events.models import Event, EventKind, EventStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_a_workshop_with_three_parallel_trainings_and_a_fair(settings):
    settings.DEBUG = True
    output = StringIO()
    call_command("seed_demo", stdout=output)

    workshop = Event.objects.get(kind=EventKind.WORKSHOP)
    fair = Event.objects.get(kind=EventKind.FAIR)
    assert {workshop.status, fair.status} == {EventStatus.PUBLISHED}
    afternoon = [s for s in workshop.sessions.all() if s.capacity]
    assert len(afternoon) == 3
    assert all(a.overlaps(b) for a in afternoon for b in afternoon)
    assert workshop.title_zh and fair.title_zh
    assert workshop.colleagues_allowed
    [desk] = fair.buyers.select_related("user", "agency")
    assert (desk.user.email, desk.agency.acronym, desk.slots.count()) == (
        "staff@example.org",
        "UNDP",
        4,
    )
    assert "Demo events: 2 created." in output.getvalue()
    assert seed_events() == 0, "a second run adds nothing"
