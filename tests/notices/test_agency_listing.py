"""Buyers of an imported package are kept for their notices but not offered to suppliers as agencies
(the alert form, the search filters) until staff list them."""

import pytest

from notices.filters import agency_choices
from notices.forms import AlertForm
from notices.importing import import_file
from notices.models import Agency, Notice
from tests.notices.factories import AgencyFactory
from tests.notices.import_files import release, run, write

pytestmark = pytest.mark.django_db

CITY = {"id": "MX-CDMX", "name": "Mexico City Finance Ministry"}


def offered() -> tuple[set[str], set[str]]:
    """The acronyms the alert form and the search filters offer."""
    form = AlertForm()
    return (
        {agency.acronym for agency in form.fields["agencies"].queryset},
        {acronym for acronym, _label in agency_choices()},
    )


def test_an_imported_buyer_is_kept_but_not_offered_to_suppliers(tmp_path):
    out = run(write(tmp_path, [release("ocds-x-1") | {"buyer": CITY}]))

    buyer = Agency.objects.get(acronym="MX-CDMX")
    assert Notice.objects.get().agency == buyer and not buyer.listed
    assert "New agencies, not listed for suppliers until staff list them: MX-CDMX." in out
    in_form, in_filters = offered()
    assert "MX-CDMX" not in in_form and "MX-CDMX" not in in_filters
    assert {"UNDP", "WFP"} <= in_form & in_filters, "the agencies the portal starts with"


def test_a_buyer_staff_list_is_offered(tmp_path):
    import_file(write(tmp_path, [release("ocds-x-1") | {"buyer": CITY}]))
    Agency.objects.filter(acronym="MX-CDMX").update(listed=True)

    in_form, in_filters = offered()

    assert "MX-CDMX" in in_form and "MX-CDMX" in in_filters


def test_an_import_leaves_a_known_agency_listed(tmp_path):
    AgencyFactory(acronym="UNDP")

    import_file(write(tmp_path, [release("ocds-x-1")]))

    assert Agency.objects.get(acronym="UNDP").listed


def test_the_alert_form_refuses_an_unlisted_agency(supplier):
    buyer = AgencyFactory(acronym="MX-CDMX", listed=False)

    form = AlertForm(data={"name": "Pumps", "agencies": [buyer.pk]})

    assert not form.is_valid() and "agencies" in form.errors


def test_a_search_carried_into_an_alert_keeps_only_listed_agencies(client, supplier):
    AgencyFactory(acronym="MX-CDMX", listed=False)
    client.force_login(supplier)

    response = client.get("/alerts/new/?agency=MX-CDMX&agency=UNDP")

    assert response.status_code == 200
    chosen = response.context["form"].initial["agencies"]
    assert list(Agency.objects.filter(pk__in=chosen).values_list("acronym", flat=True)) == ["UNDP"]
