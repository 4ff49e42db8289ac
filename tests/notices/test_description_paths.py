"""The same hostile description and a two-line title, on every way a notice is written (staff area,
amendment, admin, CSV and OCDS import), are stored in one clean form; the API gives that form, and
migration 0022 gives it to what was stored before."""

import csv
import importlib
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from notices.models import Notice
from tests.notices.factories import AgencyFactory, NoticeFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>Pumps &amp; valves</p><script>alert(1)</script><img src=x onerror="alert(2)">'
    "&lt;b&gt;bold&lt;/b&gt; R&D"
)
STORED = "Pumps & valves\n\nbold R&D"
TWO_LINES = "Pumps & valves\r\nlot <2>"
ONE_LINE = "Pumps & valves lot <2>"
DEADLINE = timezone.now() + timedelta(days=20)


def assert_clean(notice: Notice):
    notice.refresh_from_db()
    assert (notice.title, notice.description) == (ONE_LINE, STORED)


def assert_no_markup_on_the_page(content: str):
    assert "alert(" not in content and "onerror" not in content and "<b>bold" not in content
    assert "Pumps &amp; valves" in content


def staff_form(agency, **values) -> dict:
    return {
        "agency": agency.pk,
        "reference": "RFQ/1",
        "title": TWO_LINES,
        "notice_type": "rfq",
        "categories": "40151500",
        "deadline": DEADLINE.strftime("%Y-%m-%dT17:00"),
        "deadline_time_zone": "",
        "description": HOSTILE,
        "currency": "",
        "document_language": "en",
        **values,
    }


def test_the_staff_area(client, staff):
    client.force_login(staff)

    client.post("/staff/notices/new/", staff_form(AgencyFactory()))

    notice = Notice.objects.get(reference="RFQ/1")
    assert_clean(notice)
    assert_no_markup_on_the_page(client.get(f"/staff/notices/{notice.pk}/").content.decode())


def test_an_amendment_in_the_staff_area(client, staff):
    notice = NoticeFactory(title="Pumps", description="Pumps.", categories=["40151500"])
    client.force_login(staff)
    form = staff_form(notice.agency, reference=notice.reference, note="Clarified")
    form["deadline"] = notice.deadline_in_agency_time.strftime("%Y-%m-%dT%H:%M")

    response = client.post(f"/staff/notices/{notice.pk}/edit/", form, follow=True)

    assert b"Amendment 1 is published." in response.content
    assert_clean(notice)
    assert_no_markup_on_the_page(client.get(f"/notices/{notice.pk}/").content.decode())


def test_the_admin(client, admin_user):
    client.force_login(admin_user)
    data = {
        **staff_form(AgencyFactory(), reference="ADM/1"),
        "deadline_time_zone": "UTC",
        "note": "",
        **{f"{name}-TOTAL_FORMS": "0" for name in ("attachments", "awards", "amendments")},
        **{f"{name}-INITIAL_FORMS": "0" for name in ("attachments", "awards", "amendments")},
    }

    response = client.post("/admin/notices/notice/add/", data)

    assert response.status_code == 302
    assert_clean(Notice.objects.get(reference="ADM/1"))


def import_file(path) -> str:
    out = StringIO()
    call_command("import_notices", str(path), stdout=out)
    return out.getvalue()


def test_the_csv_import_and_the_api(client, tmp_path):
    AgencyFactory(acronym="WFP")
    path = tmp_path / "notices.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["agency", "reference", "title", "notice_type", "categories", "deadline", "description"]
        )
        deadline = DEADLINE.strftime("%Y-%m-%d 17:00")
        writer.writerow(["WFP", "ITB/1", TWO_LINES, "itb", "40151500", deadline, HOSTILE])

    assert "Created: 1" in import_file(path)

    assert_clean(Notice.objects.get(reference="ITB/1"))
    (release,) = client.get("/api/notices/").json()["releases"]
    assert (release["tender"]["title"], release["tender"]["description"]) == (ONE_LINE, STORED)


def test_the_ocds_import(tmp_path):
    tender = {
        "id": "OCDS/1",
        "title": TWO_LINES,
        "description": HOSTILE,
        "items": [{"id": "1", "classification": {"scheme": "UNSPSC", "id": "40151500"}}],
        "tenderPeriod": {"endDate": DEADLINE.isoformat()},
    }
    release = {"ocid": "ocds-x-1", "buyer": {"id": "UNDP", "name": "UNDP"}, "tender": tender}
    path = tmp_path / "package.json"
    path.write_text(json.dumps({"releases": [release]}), encoding="utf-8")

    assert "Created: 1" in import_file(path)

    assert_clean(Notice.objects.get(reference="OCDS/1"))


def test_the_migration_cleans_what_was_stored_before(client):
    # Written straight to the table, as the CSV importer and the admin stored them before.
    dirty = NoticeFactory(title=TWO_LINES, description=HOSTILE)
    clean = NoticeFactory(title="Tents", description="**Tents** & poles, 5 < 10.")
    before = {n.pk: n.updated_at for n in Notice.objects.all()}
    assert client.get("/api/notices/").json()["releases"][1]["tender"]["description"] == HOSTILE

    migration = importlib.import_module("notices.migrations.0022_clean_descriptions_and_titles")
    migration.clean(apps, None)

    assert_clean(dirty)
    clean.refresh_from_db()
    assert (clean.title, clean.description) == ("Tents", "**Tents** & poles, 5 < 10.")
    assert clean.updated_at == before[clean.pk], "a clean row is not written"
    assert dirty.updated_at > before[dirty.pk], "a cleaned row is harvested again"
    descriptions = [
        r["tender"]["description"] for r in client.get("/api/notices/").json()["releases"]
    ]
    assert STORED in descriptions and HOSTILE not in descriptions
