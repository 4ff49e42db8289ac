"""manage.py import_notices: OCDS release packages and CSV files; idempotent on (agency, reference),
changed notices become amendments, bad rows are refused with a reason, a malformed file changes
nothing. The real samples are read from ../shared/ocds/samples (skipped where absent)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.utils import timezone

from notices import ocds
from notices.importing import import_file
from notices.models import Agency, AmendmentSource, Notice, NoticeStatus
from tests.notices.factories import AgencyFactory, NoticeFactory
from tests.notices.import_files import release, run, write

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "ocds" / "samples"


def test_a_good_package_is_imported_and_a_second_run_changes_nothing(tmp_path):
    AgencyFactory(acronym="UNDP", time_zone="America/New_York")
    path = write(tmp_path, [release("ocds-x-1"), release("ocds-x-2", title="Tanks")])

    assert "Created: 2, updated: 0, unchanged: 0, refused: 0." in run(path)
    assert "Created: 0, updated: 0, unchanged: 2, refused: 0." in run(path)

    notice = Notice.objects.get(reference="OCDS-X-1")
    assert notice.status == NoticeStatus.PUBLISHED and notice.agency.acronym == "UNDP"
    assert notice.description == "Supply of solar pumps & tanks.", "HTML becomes plain text"
    assert list(notice.categories.values_list("code", flat=True)) == ["40151500"]
    assert notice.deadline_time_zone == "Etc/GMT-1", "+01:00 is not New York's offset then"
    assert notice.notice_type == "rfq" and str(notice.estimated_value) == "12000.50"


def test_a_changed_notice_is_updated_as_an_amendment(tmp_path):
    AgencyFactory(acronym="UNDP")
    import_file(write(tmp_path, [release()]))

    report = import_file(write(tmp_path, [release(end="2031-01-19T17:00:00+01:00")]))

    assert (report.created, report.updated) == (0, 1)
    amendment = Notice.objects.get().amendments.get()
    assert amendment.source == AmendmentSource.IMPORT
    change = amendment.changes.get()
    assert change.field == "deadline" and change.new_value.startswith("2031-01-19T17:00:00")


def test_bad_releases_are_refused_with_a_reason_and_the_others_imported(tmp_path):
    AgencyFactory(acronym="UNDP")
    path = write(
        tmp_path,
        [
            release("ocds-x-1"),
            release("ocds-x-2", title=""),
            release("ocds-x-3", end="2030-11-01T00:00:00Z"),
            release("ocds-x-4", tenderPeriod={}),
            release("ocds-x-5", items=[{"classification": {"scheme": "UNSPSC", "id": "123"}}]),
            {"ocid": "ocds-x-6", "tag": ["planning"], "planning": {}},
            "not an object",
        ],
    )

    report = import_file(path)

    assert report.created == 1
    reasons = dict(report.refused)
    assert reasons["ocds-x-2"] == "the tender has no title"
    assert reasons["ocds-x-3"] == "the deadline is before the start of the tender period"
    assert reasons["ocds-x-4"] == "no deadline (tender.tenderPeriod.endDate)"
    assert "8 digits" in reasons["ocds-x-5"]
    assert reasons["ocds-x-6"].startswith("no tender")
    assert reasons["release 7"] == "not a JSON object"


def test_a_new_buyer_whose_name_would_run_as_a_formula_is_refused(tmp_path):
    """Its name would reach the dashboard's agencies CSV and a staff member's spreadsheet."""
    hostile = {"id": "", "name": '=HYPERLINK("http://evil.test/","Click me")'}
    path = write(tmp_path, [release("ocds-x-1", title="Pumps") | {"buyer": hostile}])
    agencies = Agency.objects.count()

    output = run(path)

    assert "refused ocds-x-1: acronym: This cannot begin with =, +, -, @" in output
    assert "name_en: This cannot begin with" in output
    assert Agency.objects.count() == agencies and not Notice.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"releases": [', "is not valid JSON"),
        ('{"records": []}', "is not an OCDS release package"),
        ("[1, 2]", "is not an OCDS release package"),
    ],
)
def test_a_malformed_file_changes_nothing_and_says_why(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content)

    with pytest.raises(CommandError, match=f"Nothing was imported: broken.json {message}"):
        run(path)
    assert not Notice.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "notices.csv"
    path.write_bytes("agency,reference\nUNDP,Café".encode("latin-1"))

    with pytest.raises(CommandError, match="is not UTF-8"):
        run(path)


CSV_HEADER = "agency,reference,title,notice_type,categories,deadline,deadline_time_zone,countries,sme_friendly\n"


def test_a_csv_with_good_and_bad_rows(tmp_path):
    AgencyFactory(acronym="WFP", time_zone="Europe/Rome")
    path = tmp_path / "notices.csv"
    path.write_text(
        CSV_HEADER
        + "WFP,ITB/1,Fortified flour,itb,50220000 50150000,2031-02-01 17:00,,ET;KE,yes\n"
        + "WFP,ITB/2,Bad type,tender,50220000,2031-02-01 17:00,,,\n"
        + "XYZ,ITB/3,Unknown agency,itb,50220000,2031-02-01 17:00,,,\n"
        + "WFP,ITB/4,No category,itb,,2031-02-01 17:00,,,\n"
        + "WFP,ITB/5,Bad flag,itb,50220000,2031-02-01 17:00,,,maybe\n"
        + "WFP,ITB/6,Bad country,itb,50220000,2031-02-01 17:00,,ZZ,\n",
        encoding="utf-8",
    )

    out = run(path)

    assert "Created: 1, updated: 0, unchanged: 0, refused: 5." in out
    assert "refused line 3: notice_type: Value 'tender' is not a valid choice." in out
    assert "refused line 4: unknown agency 'XYZ'" in out
    assert "refused line 5: no UNSPSC category" in out
    assert "refused line 6: sme_friendly must be yes or no, not 'maybe'" in out
    assert "refused line 7: countries: Unknown country code: ZZ" in out
    notice = Notice.objects.get(reference="ITB/1")
    assert notice.deadline_in_agency_time.strftime("%Y-%m-%d %H:%M") == "2031-02-01 17:00"
    assert notice.deadline_time_zone == "Europe/Rome" and notice.sme_friendly
    assert sorted(notice.countries.values_list("country", flat=True)) == ["ET", "KE"]
    assert "Created: 0, updated: 0, unchanged: 1" in run(path)


def test_a_csv_without_the_required_columns_changes_nothing(tmp_path):
    path = tmp_path / "notices.csv"
    path.write_text("agency,title\nWFP,Flour\n")

    with pytest.raises(
        CommandError, match=r"missing column\(s\) reference, notice_type, categories, deadline"
    ):
        run(path)


def test_a_duplicate_reference_in_another_case_updates_the_same_notice(tmp_path):
    existing = NoticeFactory(agency=AgencyFactory(acronym="UNDP"), reference="ocds-x-1")

    report = import_file(write(tmp_path, [release("ocds-x-1")]))

    assert report.created == 0 and report.updated == 1
    assert Notice.objects.get() == existing


def test_what_the_api_publishes_imports_back_unchanged(client, tmp_path):
    AgencyFactory(acronym="UNDP")
    import_file(write(tmp_path, [release("ocds-x-1")]))
    package = client.get("/api/notices/").content
    (tmp_path / "ours.json").write_bytes(package)

    report = import_file(tmp_path / "ours.json")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1), report.refused


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the OCDS samples are not beside the repository")
def test_the_real_sample_packages_import_without_a_crash():
    counts = {}
    for path in sorted(SAMPLES.glob("*.json")):
        report = import_file(path)
        counts[path.name.split("_")[0]] = (report.created, len(report.refused))
        assert all(reason for _label, reason in report.refused)

    assert counts["armenia-armeps"] == (14, 86), "13 deadlines before the start, 73 planning"
    assert counts["australia-nsw-etendering"] == (1, 0)
    assert counts["mexico-cdmx"] == (1, 0), "three releases of one ocid: one notice"
    assert counts["uk-contracts-finder"] == (1, 0)
    uk = Notice.objects.get(agency__acronym="London Borough of Waltham Forest")
    assert not uk.categories.exists(), "CPV is not UNSPSC"
    assert uk.external_classifications[0]["scheme"] == "CPV"
    nsw = Notice.objects.get(agency__acronym="Roads and Maritime Services")
    assert list(nsw.categories.values_list("code", flat=True)) == ["72141000"]
    assert Agency.objects.filter(acronym__startswith="AM-TIN-").exists(), "buyers by their id"
    assert ocds.ocid_for(nsw)


def test_an_imported_notice_may_already_be_closed(tmp_path):
    AgencyFactory(acronym="UNDP")
    past = (timezone.now() - timedelta(days=3)).isoformat()

    import_file(write(tmp_path, [release(end=past, tenderPeriod={"endDate": past})]))

    assert Notice.objects.get().public_status == "closed"
