"""From a published notice to the e-mail: outbox rows, sending, retries, suppression, unsubscribe."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from categories.models import Category
from notices import following, publishing, tasks
from notices.alerts import criteria, dispatch, sending
from notices.alerts.models import AlertDelivery, DeliveryStatus, DispatchedEvent, SuppressedAddress
from portal.models import ContactMessage, ContactTopic
from tests.factories import ProgramStaffFactory, UserFactory
from tests.notices.factories import NoticeFactory, make_alert
from tests.notices.mail_backends import ScriptedSMTPBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber():
    user = UserFactory(email="li@example.cn", name="Li Na")
    make_alert(user=user, categories=["43"], name="Software tenders")
    return user


@pytest.fixture
def scripted_smtp(settings):
    settings.EMAIL_BACKEND = "tests.notices.mail_backends.ScriptedSMTPBackend"
    ScriptedSMTPBackend.ANSWERS = {}
    return ScriptedSMTPBackend.ANSWERS


def test_a_published_notice_reaches_its_subscriber_once(subscriber):
    notice = NoticeFactory(title="Word processing licences")

    assert dispatch.queue_for_notice(notice) == 1
    assert dispatch.queue_for_notice(notice) == 0, "a second dispatch writes nothing"
    assert sending.send_pending() == {"sent": 1, "retry": 0, "failed": 0}
    assert sending.send_pending() == {"sent": 0, "retry": 0, "failed": 0}, "nor does a second send"

    message = mail.outbox[0]
    assert message.to == ["li@example.cn"]
    assert message.subject == "New tender: Word processing licences"
    assert "43232104 falls under your category 43 – " in message.body
    assert notice.get_absolute_url() in message.body
    html = message.alternatives[0][0]
    assert "Word processing licences" in html
    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.alert.name) == (
        "sent",
        1,
        "Software tenders",
    )


def test_a_dispatch_racing_another_writes_nothing_twice(subscriber):
    notice = NoticeFactory()
    assert dispatch.queue_for_notice(notice) == 1
    # As if another dispatch had written the rows but not yet recorded the event.
    DispatchedEvent.objects.filter(notice=notice).delete()

    assert dispatch.queue_for_notice(notice) == 0
    assert AlertDelivery.objects.count() == 1
    assert DispatchedEvent.objects.filter(notice=notice).exists()


@pytest.mark.parametrize("instant_first", [True, False])
def test_a_user_whose_digest_and_instant_alerts_both_fit_hears_at_once(instant_first):
    user = UserFactory()
    frequencies = ["instant", "daily"] if instant_first else ["daily", "instant"]
    for frequency in frequencies:
        make_alert(user=user, categories=["43"], name=frequency, frequency=frequency)

    assert dispatch.queue_for_notice(NoticeFactory()) == 1, "one row per user, not per alert"
    delivery = AlertDelivery.objects.get()
    assert (delivery.frequency, delivery.alert.name) == ("instant", "instant")


def test_each_alert_email_carries_one_click_unsubscribe_headers(subscriber, settings):
    settings.SITE_URL = "https://portal.example.org"
    dispatch.queue_for_notice(NoticeFactory())
    sending.send_pending()

    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe"].startswith("<https://portal.example.org/alerts/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Id"] == "UN Supplier Portal alerts <alerts.portal.example.org>"


def test_the_email_is_in_the_recipients_language_and_time_zone(subscriber):
    subscriber.language, subscriber.time_zone = "zh-hans", "Asia/Shanghai"
    subscriber.save()
    notice = NoticeFactory(deadline=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    dispatch.queue_for_notice(notice)
    sending.send_pending()

    body = mail.outbox[0].body
    assert "新招标" in mail.outbox[0].subject
    assert "2026年12月1日 17:00（中国（上海）时间）" in body, "09:00 UTC is 17:00 in Shanghai"
    assert "2026年12月1日 10:00，意大利时间" in body, "and the agency's original time beside it"
    segment = Category.objects.get(code="43000000")
    assert f"您订阅的类别 43 – {segment.title_zh}" in body, "the category's title in their language"


def test_publishing_through_the_domain_dispatches_on_commit(
    subscriber, django_capture_on_commit_callbacks
):
    staff = ProgramStaffFactory()
    notice = NoticeFactory(status="draft", published_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(notice, by=staff)

    assert [m.to for m in mail.outbox] == [["li@example.cn"]]


def test_a_notice_published_while_the_broker_was_down_goes_out_with_the_sweep(subscriber):
    notice = NoticeFactory()  # published, but dispatch_notice never ran

    assert list(dispatch.undispatched_notices()) == [notice]
    tasks.sweep_alerts()

    assert list(dispatch.undispatched_notices()) == []
    assert len(mail.outbox) == 1


def test_amendments_reach_followers_and_those_alerted_with_the_change(subscriber):
    follower = UserFactory(email="follower@example.com")
    notice = NoticeFactory(title="Solar pumps")
    following.follow(notice, user=follower)
    dispatch.queue_for_notice(notice)
    sending.send_pending()
    mail.outbox.clear()
    new_deadline = notice.deadline + timedelta(days=7)

    publishing.amend(
        notice,
        changes={"deadline": new_deadline},
        note="More time to answer.",
        by=ProgramStaffFactory(),
    )
    dispatch.queue_for_notice(notice)
    sending.send_pending()

    assert sorted(m.to[0] for m in mail.outbox) == ["follower@example.com", "li@example.cn"]
    message = mail.outbox[0]
    assert message.subject == "Amendment 1: Solar pumps"
    assert "More time to answer." in message.body
    assert "→" in message.body


def test_cancellation_reaches_followers(subscriber):
    follower = UserFactory()
    notice = NoticeFactory()
    following.follow(notice, user=follower)

    publishing.cancel(notice, reason="The need has changed.", by=ProgramStaffFactory())
    dispatch.queue_for_notice(notice)
    sending.send_pending()

    cancelled = [m for m in mail.outbox if m.subject.startswith("Cancelled:")]
    assert sorted(m.to[0] for m in cancelled) == sorted([follower.email, subscriber.email])
    assert "The need has changed." in cancelled[0].body
    assert DispatchedEvent.objects.filter(notice=notice, kind="cancellation").exists()


def test_a_transient_smtp_error_is_retried_later(subscriber, scripted_smtp):
    scripted_smtp["li@example.cn"] = [(421, "Service not available, try again later")]
    dispatch.queue_for_notice(NoticeFactory())

    assert sending.send_pending() == {"sent": 0, "retry": 1, "failed": 0}
    delivery = AlertDelivery.objects.get()
    assert delivery.status == "pending" and "421" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()

    AlertDelivery.objects.update(next_attempt_at=timezone.now())
    assert sending.send_pending() == {"sent": 1, "retry": 0, "failed": 0}
    assert AlertDelivery.objects.get().attempts == 2


def test_a_permanent_refusal_fails_and_suppresses_the_address(subscriber, scripted_smtp, client):
    scripted_smtp["li@example.cn"] = [(550, "No such user here")]
    dispatch.queue_for_notice(NoticeFactory())
    dispatch.queue_for_notice(NoticeFactory())

    assert sending.send_pending() == {"sent": 0, "retry": 0, "failed": 1}
    statuses = sorted(AlertDelivery.objects.values_list("status", flat=True))
    assert statuses == ["failed", "suppressed"]
    assert SuppressedAddress.objects.filter(email="li@example.cn").exists()
    assert dispatch.queue_for_notice(NoticeFactory()) == 0, "nothing more is queued for the address"

    client.force_login(subscriber)
    log = client.get("/alerts/log/").content.decode()
    assert "Failed" in log and "No such user here" in log


def test_rows_of_an_address_that_became_unreachable_are_not_sent(subscriber):
    from accounts.models import User

    dispatch.queue_for_notice(NoticeFactory())
    # Closed after the row was written, by a bulk update that no signal sees.
    User.objects.filter(pk=subscriber.pk).update(is_active=False)

    assert sending.send_pending() == {"sent": 0, "retry": 0, "failed": 0}
    assert mail.outbox == []
    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.last_error) == ("suppressed", sending.UNREACHABLE)


def test_the_log_says_in_the_readers_language_why_a_row_was_not_sent(client):
    from allauth.account.models import EmailAddress

    reader = UserFactory(language="zh-hans")
    make_alert(user=reader, categories=["43"])
    dispatch.queue_for_notice(NoticeFactory())
    EmailAddress.objects.filter(user=reader).update(verified=False)  # no signal sees it
    sending.send_pending()
    client.force_login(reader)

    log = client.get("/alerts/log/").content.decode()

    assert "未发送：该账户已关闭，或其邮箱地址未确认或已被停用。" in log
    assert sending.UNREACHABLE not in log


def test_a_digest_unsubscribe_pauses_every_alert_feeding_it():
    user = UserFactory()
    make_alert(user=user, categories=["43"], name="one", frequency="daily")
    make_alert(user=user, categories=["43"], name="two", frequency="daily")

    assert criteria.pause_digest(user, "daily") == 2
    assert dispatch.queue_for_notice(NoticeFactory()) == 0


def test_deleting_a_user_deletes_their_outbox_rows(subscriber):
    dispatch.queue_for_notice(NoticeFactory())

    subscriber.delete()

    assert not AlertDelivery.objects.exists()


def test_two_senders_never_claim_the_same_row(subscriber):
    for _ in range(3):
        dispatch.queue_for_notice(NoticeFactory())

    first = sending.claim(limit=2)
    second = sending.claim(limit=10)

    assert len(first) == 2 and len(second) == 1
    assert not set(first) & set(second)


def test_rows_left_sending_by_a_dead_sender_return_to_the_queue(subscriber):
    dispatch.queue_for_notice(NoticeFactory())
    sending.claim()  # the sender dies here

    assert sending.release_stuck() == 0, "not before the lease runs out"
    later = timezone.now() + sending.LEASE + timedelta(seconds=1)
    assert sending.release_stuck(now=later) == 1
    assert sending.send_pending()["sent"] == 1


def test_a_renewed_lease_keeps_its_rows_and_forgets_those_a_sweep_gave_away(subscriber):
    other = UserFactory(email="other@example.org")
    make_alert(user=other, name="Everything")
    dispatch.queue_for_notice(NoticeFactory())
    ids = sending.claim()
    lease = sending.Lease(list(AlertDelivery.objects.filter(id__in=ids)))
    claimed_at = lease.claimed_at
    # A sweep gave one row back (its sender seemed dead) and another sender claimed it.
    AlertDelivery.objects.filter(pk=ids[0]).update(status=DeliveryStatus.PENDING, claimed_at=None)
    assert sending.claim() == [ids[0]]

    lease.renew()

    assert not lease.holds(ids[0]) and lease.holds(ids[1])
    kept = AlertDelivery.objects.get(pk=ids[1])
    assert kept.status == DeliveryStatus.SENDING and kept.claimed_at > claimed_at


def unsubscribe_path():
    header = mail.outbox[-1].extra_headers["List-Unsubscribe"]
    return header.strip("<>").split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_one_click_unsubscribe_works_without_cookies_or_csrf_token(subscriber):
    dispatch.queue_for_notice(NoticeFactory())
    sending.send_pending()
    path = unsubscribe_path()
    mail_client = Client(enforce_csrf_checks=True)

    assert mail_client.get(path).status_code == 200
    assert not subscriber.alerts.get().is_paused, "GET changes nothing"
    response = mail_client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert subscriber.alerts.get().is_paused
    assert dispatch.queue_for_notice(NoticeFactory()) == 0


def test_the_link_of_a_deleted_alert_answers_and_changes_nothing(subscriber):
    dispatch.queue_for_notice(NoticeFactory())
    sending.send_pending()
    path = unsubscribe_path()
    criteria.delete_alert(subscriber.alerts.get())

    assert "This alert no longer exists." in Client().get(path).text
    response = Client().post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "This alert no longer exists." in response.text


def test_a_tampered_token_changes_nothing(subscriber):
    dispatch.queue_for_notice(NoticeFactory())
    sending.send_pending()
    path = unsubscribe_path()

    response = Client().post(path[:-3] + "xx/")

    assert response.status_code == 400
    assert not subscriber.alerts.get().is_paused


def test_delivery_statuses_are_the_documented_ones():
    assert set(DeliveryStatus.values) == {
        "pending",
        "sending",
        "sent",
        "failed",
        "suppressed",
        "withdrawn",
    }


def test_confirming_the_address_again_lifts_the_suppression(subscriber, client):
    from allauth.account.models import EmailAddress

    SuppressedAddress.objects.create(email="li@example.cn", reason="550 No such user")
    address = EmailAddress.objects.get(email="li@example.cn")
    client.force_login(subscriber)

    assert b"refused our e-mails" in client.get("/alerts/log/").content
    client.post("/alerts/log/confirm-address/")
    address.refresh_from_db()
    assert not address.verified and SuppressedAddress.objects.exists()
    confirmation = mail.outbox[-1].body.split("/accounts/confirm-email/")[1].split("/")[0]
    client.post(f"/accounts/confirm-email/{confirmation}/")

    assert not SuppressedAddress.objects.exists()
    assert dispatch.queue_for_notice(NoticeFactory()) == 1


def test_a_batch_renders_once_per_reason_and_each_message_is_the_recipients_own(settings):
    """Recipients of one notice who read it alike share one rendering; each e-mail must still be
    exactly the one rendered for them alone (their name, their alert, their unsubscribe link)."""
    from notices.alerts import emails

    names = ["Li <Na> & Co", "Wang Fang", "O'Brien"]
    for n, name in enumerate(names):
        user = UserFactory(name=name, language="zh-hans" if n < 2 else "en")
        make_alert(user=user, categories=["43"], name=f'Tenders "{n}" <b>')
    notice = NoticeFactory(title="Word processing licences")
    dispatch.queue_for_notice(notice)
    deliveries = list(AlertDelivery.objects.select_related("user", "alert", "notice"))
    batch = emails.AlertMessages(deliveries)

    shared = [batch.message(delivery) for delivery in deliveries]
    alone = [
        emails.alert_message(delivery, categories=emails.categories_for(deliveries))
        for delivery in deliveries
    ]

    assert len(batch.rendered) == 2, "one rendering per language"
    for mine, reference in zip(shared, alone, strict=True):
        assert (mine.subject, mine.body, mine.to) == (
            reference.subject,
            reference.body,
            reference.to,
        )
        assert mine.alternatives[0][0] == reference.alternatives[0][0]
        assert mine.extra_headers == reference.extra_headers
    (li,) = [m for m, d in zip(shared, deliveries, strict=True) if d.user.name == names[0]]
    assert "Li &lt;Na&gt; &amp; Co" in li.alternatives[0][0]
    assert "Li <Na> & Co" in li.body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db(transaction=True)
def test_an_events_rows_commit_without_waiting_for_the_disk_but_never_a_callers_transaction(
    subscriber,
):
    """A lost dispatch is redone by the sweep (above); a caller's own writes are not the dispatch's
    to risk, and the setting ends with the dispatch's transaction."""
    first, second = NoticeFactory(), NoticeFactory()
    with CaptureQueriesContext(connection) as own:
        assert dispatch.queue_for_notice(first) == 1
    statements = [query["sql"] for query in own.captured_queries]
    setting = statements.index("SET LOCAL synchronous_commit = off")
    outbox = 'INSERT INTO "notices_alertdelivery"'
    assert setting < next(i for i, sql in enumerate(statements) if outbox in sql)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)

    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        assert dispatch.queue_for_notice(second) == 1
    assert not any("synchronous_commit" in query["sql"] for query in inside.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's foreign-key triggers")
def test_the_outbox_rows_queue_no_database_check_and_still_go_with_what_they_are_about(subscriber):
    """A database foreign key queues a check of every row written, at commit, even of a row that
    leaves it empty (a dispatch's thousands of rows and the action, contact message and registration
    they don't name): the outbox has none, and Django's on_delete keeps its references."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
            "AND tgfoid IN (SELECT oid FROM pg_proc WHERE proname = 'RI_FKey_check_ins')",
            [AlertDelivery._meta.db_table],
        )
        assert cursor.fetchone() == (0,)
    staff = ProgramStaffFactory()
    message = ContactMessage.objects.create(
        name="Li Na", email="li@example.cn", topic=ContactTopic.choices[0][0], message="Hello"
    )
    assert dispatch.queue_contact_message(message.pk, user_ids=[staff.pk]) == 1
    kept = dispatch.queue_for_notice(NoticeFactory())

    message.delete()

    assert AlertDelivery.objects.filter(contact_message__isnull=False).count() == 0
    assert AlertDelivery.objects.count() == kept == 1
