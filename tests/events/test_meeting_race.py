"""A buyer accepting two requests for one slot at once (two tabs) on PostgreSQL: one is accepted,
the other refused as taken (the slot's row is locked while the decision is made)."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from events import meetings, registration
from events.models import MeetingRequest
from tests.events.factories import EventFactory
from tests.factories import StaffFactory, UserFactory
from tests.notices.factories import AgencyFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def test_two_acceptances_of_one_slot_accept_one():
    fair = EventFactory(kind="fair")
    buyer = meetings.add_buyer(event=fair, user=StaffFactory(), agency=AgencyFactory())
    start = fair.starts_at + timedelta(hours=1)
    slot = meetings.publish_slot(
        buyer=buyer, starts_at=start, ends_at=start + timedelta(minutes=20), table="Table 1"
    )
    requests = []
    for n in range(2):
        user = UserFactory(email=f"racer{n}@example.com")
        registration.register(event=fair, user=user)
        requests.append(meetings.request_meeting(slot=slot, user=user, offer="Lamps"))
    ready = threading.Barrier(2, timeout=5)
    refused, errors = [], []

    def accept(request):
        try:
            ready.wait()
            meetings.decide(request, by=buyer.user, accept=True)
        except ValidationError as error:
            refused.append(error)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert [e.messages for e in refused] == [["This slot is taken."]]
    statuses = sorted(MeetingRequest.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "requested"]
