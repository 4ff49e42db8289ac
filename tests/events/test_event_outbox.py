"""An event's changes and cancellation travel the alert outbox: a row per registrant written with
the change, before any e-mail; a second dispatch writes nothing; the real sender sends them, retries
after an SMTP failure without sending twice, and lists them in the recipient's e-mail log."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import outbox, publishing, registration
from notices.alerts import sending
from notices.alerts.models import AlertDelivery, SuppressedAddress
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(people):
    """A fair with one seat: people[0] has it, people[1] waits."""
    event = EventFactory(capacity=1, title_en="Fair", title_zh="采购博览会", kind="fair")
    for user in people[:2]:
        registration.register(event=event, user=user)
    mail.outbox.clear()
    return event


@pytest.fixture
def scripted_smtp(settings):
    settings.EMAIL_BACKEND = "tests.notices.mail_backends.ScriptedSMTPBackend"
    from tests.notices.mail_backends import ScriptedSMTPBackend

    ScriptedSMTPBackend.ANSWERS = {}
    yield ScriptedSMTPBackend.ANSWERS
    ScriptedSMTPBackend.ANSWERS = {}


def test_an_amendment_writes_a_row_per_registrant_before_any_e_mail(fair, staff, people):
    amendment = publishing.amend(fair, values={"venue": "Hall 2"}, note="Bigger hall", by=staff)

    rows = AlertDelivery.objects.order_by("user_id")
    assert [(r.user_id, r.kind, r.event, r.status) for r in rows] == [
        (people[0].pk, "event_amend", str(amendment.pk), "pending"),
        (people[1].pk, "event_amend", str(amendment.pk), "pending"),
    ]
    assert all(r.registration.event_id == fair.pk for r in rows)
    assert mail.outbox == [], "nothing is sent before the commit"


def test_a_second_dispatch_writes_nothing(fair, staff):
    amendment = publishing.amend(fair, values={"venue": "Hall 2"}, note="Bigger hall", by=staff)

    assert outbox.queue_amendment(amendment) == 0
    assert outbox.queue_cancellation(fair) == 2
    assert outbox.queue_cancellation(fair) == 0
    assert AlertDelivery.objects.count() == 4


def test_the_database_refuses_a_second_row_for_the_same_registration_and_event(fair):
    outbox.queue_cancellation(fair)
    first = AlertDelivery.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertDelivery.objects.create(
            user_id=first.user_id, registration_id=first.registration_id, kind=first.kind
        )


def test_a_row_must_name_what_it_is_about(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertDelivery.objects.create(user=people[0], kind="event_cancel")


def test_the_sender_sends_the_amendment_in_each_language_with_the_calendar_file(fair, staff):
    chinese = UserFactory(email="wang@example.cn", language="zh-hans")
    registration.register(event=fair, user=chinese)
    mail.outbox.clear()
    publishing.amend(fair, values={"venue": "Hall 2"}, note="Bigger hall", by=staff)

    assert sending.send_pending() == {"sent": 3, "retry": 0, "failed": 0}
    assert sending.send_pending() == {"sent": 0, "retry": 0, "failed": 0}, "nor a second time"

    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(by_address) == 3
    assert "采购博览会" in by_address["wang@example.cn"].subject
    assert "Bigger hall" in by_address["participant0@example.com"].body
    assert "Hall 2" in by_address["participant0@example.com"].body
    seated = by_address["participant0@example.com"].attachments
    assert [name for name, *_ in seated] == [f"event-{fair.pk}.ics"]
    assert by_address["participant1@example.com"].attachments == [], "the waiting get no file"
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_failed_e_mail_is_retried_alone(fair, staff, scripted_smtp):
    scripted_smtp["participant1@example.com"] = [(421, "Try again later")]
    publishing.cancel(fair, reason="The venue is closed.", by=staff)

    assert sending.send_pending() == {"sent": 1, "retry": 1, "failed": 0}
    AlertDelivery.objects.update(next_attempt_at=timezone.now())
    assert sending.send_pending() == {"sent": 1, "retry": 0, "failed": 0}

    assert sorted(m.to[0] for m in mail.outbox) == [
        "participant0@example.com",
        "participant1@example.com",
    ], "the first participant is not e-mailed twice"
    assert all("The venue is closed." in m.body for m in mail.outbox)


def test_the_e_mail_is_listed_in_the_recipients_log(client, fair, staff, people):
    publishing.cancel(fair, reason="The venue is closed.", by=staff)
    sending.send_pending()

    client.force_login(people[0])
    log = client.get("/alerts/log/").content.decode()
    assert f'href="/events/{fair.pk}/"' in log
    assert "Event cancelled" in log and "You registered for this event" in log
    client.force_login(people[2])
    assert f'href="/events/{fair.pk}/"' not in client.get("/alerts/log/").content.decode()


def test_a_colleagues_refused_address_is_suppressed_not_the_participants(
    staff, people, scripted_smtp
):
    event = EventFactory(colleagues_allowed=True, title_en="Workshop")
    registration.register(event=event, user=people[0])
    colleague = registration.register_colleague(
        event=event, user=people[0], name="Chen Jing", email="gone@example.cn"
    )
    mail.outbox.clear()
    scripted_smtp["gone@example.cn"] = [(550, "5.1.1 no such user")]

    publishing.amend(event, values={"venue": "Hall 2"}, note="Bigger hall", by=staff)
    sending.send_pending()

    rows = {row.registration_id: row for row in AlertDelivery.objects.all()}
    assert rows[colleague.pk].status == "failed"
    own = rows[registration.active_registration(event, people[0]).pk]
    assert own.status == "sent"
    assert [message.to for message in mail.outbox] == [[people[0].email]]
    assert list(SuppressedAddress.objects.values_list("email", flat=True)) == ["gone@example.cn"]
