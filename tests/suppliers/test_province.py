"""The province is China's province-level division as a code (suppliers.regions): given by the
credit code where the code names one, chosen only where it names none, empty for a company
registered elsewhere, and shown in the reader's language on the profile, the admin and the
dashboard. Free-text provinces of old profiles are read as codes by the migration."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from suppliers import profile, regions
from suppliers.credit_codes import check_character
from suppliers.models import Supplier, SupplierStatus
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

SHENZHEN = "91440300MA5D6E7F8" + check_character("91440300MA5D6E7F8")
SHANGHAI = "91310000MA1K2L3M4" + check_character("91310000MA1K2L3M4")
NATIONAL = "91100000MA0A1B2C3" + check_character("91100000MA0A1B2C3")
NATIONAL_2 = "91100000MA0A1B2C4" + check_character("91100000MA0A1B2C4")


def contacts(client, company, **changes):
    page = client.get("/supplier/contacts/")
    data = {k: ("" if v is None else v) for k, v in page.context["form"].initial.items()}
    return client.post("/supplier/contacts/", data | changes)


def select(html: str, name: str) -> str:
    return re.search(rf'<select[^>]* name="{name}"[^>]*>.*?</select>', html, re.S).group(0)


def test_a_shenzhen_credit_code_gives_guangdong_and_a_posted_shanghai_changes_nothing(client):
    company = SupplierFactory(registration_number=SHENZHEN, province="44")
    client.force_login(company.owner)

    field = select(client.get("/supplier/contacts/").content.decode(), "province")
    response = contacts(client, company, province="31")

    assert " disabled" in field and re.search(r'value="44" selected>Guangdong<', field)
    assert (
        "Given by your Unified Social Credit Code."
        in client.get("/supplier/contacts/").content.decode()
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.province == "44"


def test_the_province_is_chosen_where_the_code_names_none(client):
    company = SupplierFactory(registration_number=NATIONAL, province="")
    client.force_login(company.owner)

    assert " disabled" not in select(client.get("/supplier/contacts/").content.decode(), "province")
    refused = contacts(client, company, province='=HYPERLINK("http://evil.test")')
    saved = contacts(client, company, province="31")

    assert "Select a valid choice" in refused.context["form"].errors["province"][0]
    assert saved.status_code == 302
    company.refresh_from_db()
    assert company.province == "31"


def test_a_company_registered_elsewhere_has_no_province_to_choose(client):
    company = SupplierFactory(country="SG", registration_number="201912345K", province="")
    client.force_login(company.owner)

    page = client.get("/supplier/contacts/").content.decode()
    contacts(client, company, province="31")

    assert 'name="province"' not in page
    company.refresh_from_db()
    assert company.province == ""


def test_a_new_profile_takes_its_province_from_the_credit_code(client, supplier):
    client.force_login(supplier)

    client.post(
        "/supplier/start/",
        {"legal_name": "Shanghai Example", "country": "CN", "registration_number": SHANGHAI},
    )

    assert Supplier.objects.get(owner=supplier).province == "31"


def test_a_new_credit_code_brings_its_province(client):
    company = SupplierFactory(registration_number=SHENZHEN, province="44")
    client.force_login(company.owner)
    page = client.get("/supplier/identity/")
    data = {k: ("" if v is None else v) for k, v in page.context["form"].initial.items()}

    response = client.post("/supplier/identity/", data | {"registration_number": SHANGHAI})

    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.registration_number, company.province) == (SHANGHAI, "31")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Your Unified Social Credit Code was issued in Guangdong, not Shanghai."),
        ("zh-hans", "您的统一社会信用代码登记于广东省，而不是上海市。"),
    ],
)
def test_saving_a_province_the_code_contradicts_is_refused_in_the_readers_language(
    language, message
):
    company = SupplierFactory(registration_number=SHENZHEN, province="44")

    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            profile.save_section(supplier=company, changes={"province": "31"}, by=company.owner)
        shown = refused.value.message_dict["province"][0]  # in the language of the page

    assert message in shown
    company.refresh_from_db()
    assert company.province == "44"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Shanghai", "31"),
        ("上海市", "31"),
        ("上海", "31"),
        ("Zhejiang 浙江省", "33"),
        ("  guangdong  ", "44"),
        ("Guangdong Province", "44"),
        ("福建", "35"),
        ("Inner Mongolia", "15"),
        ("广西壮族自治区", "45"),
        ("广西", "45"),
        ("Hong Kong", "81"),
        ("Atlantis", ""),
        ("", ""),
    ],
)
def test_free_text_provinces_are_read_as_codes(text, code):
    assert regions.province_from_text(text) == code


def test_the_admin_filter_lists_each_province_once_in_the_readers_language(
    admin_client, admin_user
):
    for province in ("31", "31", "33", "44"):
        SupplierFactory(province=province, status=SupplierStatus.SUBMITTED)
    admin_user.language = "zh-hans"
    admin_user.save()

    chinese = admin_client.get("/admin/suppliers/supplier/").content.decode()
    shanghai = admin_client.get("/admin/suppliers/supplier/", {"province__exact": "31"})

    assert chinese.count(">上海市<") + chinese.count(">上海市\n") >= 1
    assert "?province__exact=31" in chinese and chinese.count('?province__exact=31"') == 1
    assert shanghai.context["cl"].result_count == 2


def test_the_dashboard_lists_each_province_once_in_the_readers_language(client, staff):
    for province in ("31", "33", "33", "44"):
        SupplierFactory(province=province, status=SupplierStatus.APPROVED)
    staff.language = "zh-hans"
    staff.save()
    client.force_login(staff)

    page = client.get("/dashboard/", {"period": "all"}).content.decode()

    options = re.findall(r'<option value="(\d\d)">([^<]*)</option>', select(page, "province"))
    assert options == [("44", "广东省"), ("31", "上海市"), ("33", "浙江省")]  # guang, shang, zhe


@pytest.mark.django_db(transaction=True)
def test_the_migration_reads_free_text_provinces_and_keeps_what_it_cannot_read(capsys):
    before, after = (
        ("suppliers", "0008_countries_in_reading_order"),
        ("suppliers", "0010_province_choice"),
    )
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    User, OldSupplier = apps.get_model("accounts", "User"), apps.get_model("suppliers", "Supplier")
    rows = {
        "Shanghai": ("CN", SHANGHAI),
        "Zhejiang 浙江省": ("CN", NATIONAL),
        "上海市": ("CN", SHENZHEN),  # the code says Guangdong
        "Atlantis": ("CN", NATIONAL_2),
        "Ontario": ("CA", "123456789"),
    }
    for n, (text, (country, number)) in enumerate(rows.items()):
        owner = User.objects.create(email=f"m{n}@example.cn")
        OldSupplier.objects.create(
            owner=owner, legal_name=text, country=country, registration_number=number, province=text
        )

    executor = MigrationExecutor(connection)
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrated = {s.legal_name: (s.province, s.province_as_entered) for s in Supplier.objects.all()}
    assert migrated == {
        "Shanghai": ("31", ""),
        "Zhejiang 浙江省": ("33", ""),
        "上海市": ("44", "上海市"),
        "Atlantis": ("", "Atlantis"),
        "Ontario": ("", "Ontario"),
    }
    report = capsys.readouterr().out
    assert "3 province(s) not read as a province of China, kept as entered" in report
    assert "'Atlantis'" in report
