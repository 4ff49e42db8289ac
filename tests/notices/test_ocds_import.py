"""The OCDS import reads OCDS as OCDS means it: each ocid's releases merged in date order, contacts
from parties[], tender statuses, awards with their suppliers and contracts, tender.amendments with
their dates; and it is quiet: what changes nothing a user would see writes nothing and e-mails
nobody. One test per defect found when real packages and our own export were imported."""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices.following import follow
from notices.importing import import_file
from notices.models import Amendment, AmendmentSource, Award, Notice, NoticeStatus
from tests.factories import UserFactory
from tests.notices.factories import AgencyFactory, make_alert
from tests.notices.import_files import release, run, write

pytestmark = pytest.mark.django_db

FUTURE = datetime(2031, 3, 1, 12, tzinfo=UTC)  # after the releases' tender periods begin


def version(n: int, *, title: str, end, **release_fields) -> dict:
    """Release n of one ocid, dated n days after the first."""
    entry = release("ocds-x-1", title=title, end=end.isoformat())
    entry["id"] = f"ocds-x-1-{n}"
    entry["date"] = f"2030-12-0{n}T10:00:00Z"
    return entry | release_fields


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def test_the_buyers_contact_is_read_from_parties_when_buyer_has_none(tmp_path):
    """Defect: only buyer.contactPoint was read; OCDS 1.1 (and our export) put it in parties[]."""
    entry = release()
    entry["parties"] = [
        {
            "id": "UNDP",
            "name": "United Nations Development Programme",
            "roles": ["buyer", "procuringEntity"],
            "contactPoint": {"name": "Li Wei", "email": "li.wei@undp.org"},
        }
    ]
    AgencyFactory(acronym="UNDP")

    import_file(write(tmp_path, [entry]))

    notice = Notice.objects.get()
    assert (notice.contact_name, notice.contact_email) == ("Li Wei", "li.wei@undp.org")


@pytest.mark.parametrize("order", ["newest first", "oldest first"])
def test_the_newest_release_wins_whatever_the_order_of_the_file(tmp_path, order):
    """Defect: releases were applied in file order, so a package listing its newest release first
    ended with the oldest title and deadline."""
    AgencyFactory(acronym="UNDP")
    versions = [
        version(1, title="Solar pumps", end=FUTURE),
        version(2, title="Solar pumps and tanks", end=FUTURE + timedelta(days=7)),
    ]
    if order == "newest first":
        versions.reverse()

    import_file(write(tmp_path, versions))

    notice = Notice.objects.get()
    assert notice.title == "Solar pumps and tanks"
    assert notice.deadline == FUTURE + timedelta(days=7)


def state() -> list[tuple]:
    return [
        (
            n.reference,
            n.title,
            n.deadline,
            n.status,
            n.contact_name,
            n.estimated_value,
            sorted(n.categories.values_list("code", flat=True)),
            sorted(n.awards.values_list("ocds_id", "supplier_name", "value", "status")),
            sorted(n.amendments.values_list("source_key", "created_at", "note")),
        )
        for n in Notice.objects.order_by("reference")
    ]


def test_reversed_and_shuffled_releases_give_the_same_state(tmp_path):
    AgencyFactory(acronym="UNDP")
    versions = [
        version(n, title=f"Version {n}", end=FUTURE + timedelta(days=n), awards=[]) for n in (1, 2)
    ]
    versions.append(
        version(
            3,
            title="Version 3",
            end=FUTURE,
            awards=[
                {
                    "id": "a1",
                    "status": "active",
                    "date": "2030-12-03T00:00:00Z",
                    "suppliers": [{"name": "Sun Co."}],
                    "value": {"amount": 900, "currency": "USD"},
                }
            ],
        )
    )
    others = [release(f"ocds-y-{n}", title=f"Other {n}") for n in range(5)]
    states = []
    for number, releases in enumerate(
        [versions + others, list(reversed(versions + others)), random.sample(versions + others, 8)]
    ):
        Notice.objects.all().delete()
        import_file(write(tmp_path, releases, name=f"p{number}.json"))
        states.append(state())

    assert states[0] == states[1] == states[2]
    assert states[0][0][1] == "Version 3" and states[0][0][3] == NoticeStatus.AWARDED


def test_awards_contracts_and_statuses_are_kept(tmp_path):
    """Defect: awards, contracts and statuses were dropped: complete and unsuccessful tenders came
    in as published, an award's supplier and value vanished."""
    AgencyFactory(acronym="UNDP")
    awarded = release("ocds-x-1", status="complete")
    awarded["awards"] = [
        {
            "id": "award-1",
            "status": "active",
            "date": "2031-02-01T00:00:00Z",
            "suppliers": [{"id": "S1"}],
            "value": {"amount": 193817.35, "currency": "MXN"},
        }
    ]
    awarded["parties"] = [{"id": "S1", "name": "Comercializadora", "roles": ["supplier"]}]
    awarded["contracts"] = [
        {
            "id": "c-1",
            "awardID": "award-1",
            "status": "active",
            "value": {"amount": 193817.35, "currency": "MXN"},
            "period": {"startDate": "2031-02-15T00:00:00Z", "endDate": "2031-12-31T00:00:00Z"},
        }
    ]
    failed = release("ocds-x-2", status="unsuccessful")
    withdrawn = release("ocds-x-3", status="withdrawn", statusDetails="Budget withdrawn")

    import_file(write(tmp_path, [awarded, failed, withdrawn]))

    notice = Notice.objects.get(reference="OCDS-X-1")
    assert notice.status == NoticeStatus.AWARDED
    award = notice.awards.get()
    assert (award.supplier_name, award.value, award.currency) == (
        "Comercializadora",
        Decimal("193817.35"),
        "MXN",
    )
    contract = award.contracts.get()
    assert (contract.ocds_id, str(contract.starts_on), str(contract.ends_on)) == (
        "c-1",
        "2031-02-15",
        "2031-12-31",
    )
    failed = Notice.objects.get(reference="OCDS-X-2")
    assert failed.status == NoticeStatus.CANCELLED
    assert failed.cancellation_reason == "The tender was unsuccessful (imported)."
    assert Notice.objects.get(reference="OCDS-X-3").cancellation_reason == "Budget withdrawn"


def test_tender_amendments_are_recorded_with_their_dates_and_e_mailed_to_nobody(tmp_path):
    """Defect: tender.amendments were not recorded."""
    AgencyFactory(acronym="UNDP")
    entry = release(
        amendments=[
            {"date": "2030-12-05T03:12:17Z", "rationale": "<p>Addendum 2</p>"},
            {"id": "A1", "date": "2030-12-03T00:00:00Z", "rationale": "Addendum 1"},
        ]
    )

    import_file(write(tmp_path, [entry]))

    amendments = Amendment.objects.order_by("number")
    assert [(a.number, a.note, a.created_at.isoformat()) for a in amendments] == [
        (1, "Addendum 1", "2030-12-03T00:00:00+00:00"),
        (2, "Addendum 2", "2030-12-05T03:12:17+00:00"),
    ]
    assert all(a.source == AmendmentSource.IMPORT and not a.announced for a in amendments)
    assert "Created: 0, updated: 0, unchanged: 1" in _summary(tmp_path, [entry])


def _summary(tmp_path, releases) -> str:
    return run(write(tmp_path, releases, name="again.json"))


def test_a_second_import_of_the_same_file_writes_nothing_and_e_mails_nobody(
    tmp_path, django_capture_on_commit_callbacks
):
    AgencyFactory(acronym="UNDP")
    path = write(tmp_path, [release("ocds-x-1"), release("ocds-x-2", title="Tanks")])
    import_file(path)
    follow(Notice.objects.first(), user=UserFactory())
    mail.outbox.clear()

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        report = import_file(path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert writes(queries.captured_queries) == []
    assert callbacks == [] and mail.outbox == []


def test_an_imported_change_to_what_e_mails_show_is_announced_and_others_are_not(
    tmp_path, django_capture_on_commit_callbacks
):
    AgencyFactory(acronym="UNDP")
    import_file(write(tmp_path, [release()]))
    notice = Notice.objects.get()
    follow(notice, user=UserFactory())
    mail.outbox.clear()

    contact = release() | {"buyer": {"id": "UNDP", "name": "UNDP", "contactPoint": {"name": "Ana"}}}
    with django_capture_on_commit_callbacks(execute=True):
        import_file(write(tmp_path, [contact], name="contact.json"))
    assert mail.outbox == [], "a new contact name is not in alert e-mails"
    quiet = notice.amendments.get()
    assert not quiet.announced and quiet.changes.get().field == "contact_name"

    later = contact | {
        "tender": contact["tender"] | {"tenderPeriod": {"endDate": "2031-02-12T17:00:00+01:00"}}
    }
    with django_capture_on_commit_callbacks(execute=True):
        import_file(write(tmp_path, [later], name="deadline.json"))
    loud = notice.amendments.get(number=2)
    assert loud.announced and loud.changes.get().field == "deadline"
    assert len(mail.outbox) == 1


def test_an_award_imported_later_updates_the_notice(tmp_path):
    AgencyFactory(acronym="UNDP")
    import_file(write(tmp_path, [release(status="complete")]))
    later = release(status="complete")
    later["awards"] = [
        {"id": "1", "status": "pending", "suppliers": [{"name": "Sun Co."}], "date": "2031-02-01"}
    ]

    report = import_file(write(tmp_path, [later], name="later.json"))

    assert report.updated == 1
    assert Award.objects.get().status == "pending"
    assert Notice.objects.get().status == NoticeStatus.PUBLISHED, "a pending award is not in force"


def test_a_nul_character_anywhere_the_notice_keeps_is_refused_and_the_others_imported(tmp_path):
    """PostgreSQL's text and jsonb refuse it: one bad release must not fail its whole batch."""
    AgencyFactory(acronym="UNDP")
    cpv = {"id": "1", "classification": {"scheme": "CPV", "id": "42122000", "description": "a\x00"}}
    bad = release("ocds-x-2", items=[cpv])

    report = import_file(write(tmp_path, [release("ocds-x-1"), bad]))

    assert report.created == 1
    assert dict(report.refused) == {"ocds-x-2": "it contains a NUL character"}


def test_new_imported_notices_reach_the_alerts_that_fit_them(
    tmp_path, django_capture_on_commit_callbacks
):
    """A batch's new notices are announced with one message (dispatch_notices), not one each."""
    AgencyFactory(acronym="UNDP")
    make_alert(UserFactory(), categories=["40151500"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_file(write(tmp_path, [release("ocds-x-1"), release("ocds-x-2", title="Tanks")]))

    assert len(callbacks) == 1
    assert len(mail.outbox) == 2


def test_two_ocids_naming_one_notice_keep_the_first_and_a_second_run_changes_nothing(tmp_path):
    AgencyFactory(acronym="UNDP")
    twin = release("ocds-x-2", title="Tanks") | {"ocid": "ocds-x-2"}
    twin["tender"]["id"] = "OCDS-X-1"
    path = write(tmp_path, [release("ocds-x-1"), twin])

    first = import_file(path)
    second = import_file(path)

    assert first.refused == [("ocds-x-2", "ocds-x-1 in this file has the same reference")]
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    assert Notice.objects.get().title == "Solar pumps"
