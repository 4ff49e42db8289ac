"""Every form of the site fuzzed through its page (hypothesis): sign-up, the company profile's
sections, document upload, the notice form, the alert form and the admin's review actions. Whatever
is typed, the answer is never a server error; input the form refuses shows a form error and changes
nothing in the database."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from notices.alerts.models import Alert
from notices.models import Amendment, Notice
from suppliers.models import Certification, Supplier, SupplierDocument, SupplierStatus
from tests.notices.factories import DraftFactory
from tests.security.conftest import HOSTILE
from tests.suppliers.conftest import real_pdf, real_png
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

GARBAGE = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.integers(min_value=-(2**40), max_value=2**40).map(str),
    st.dates().map(str),
    st.just("x" * 5000),
)
FUZZ = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MODELS = [User, Supplier, Certification, SupplierDocument, Notice, Amendment, Alert]


def rows() -> dict:
    return {m.__name__: list(m.objects.order_by("pk").values_list()) for m in MODELS}


def as_post(value):
    """A bound field's value as a browser would send it back."""
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return str(value)


def form_payload(response) -> dict:
    """What the page's form sends unchanged (its fields' current values)."""
    form = response.context["form"]
    payload = {name: as_post(form[name].value()) for name in form.fields}
    return {name: value for name, value in payload.items() if value is not None}


def errors_of(response) -> list:
    """The errors of the page's form or formset."""
    context = response.context or {}
    if context.get("formset") is not None:
        formset = context["formset"]
        return list(formset.non_form_errors()) + [e for e in formset.errors if e]
    form = context.get("form")
    return list(form.errors.items()) if form is not None and hasattr(form, "errors") else []


def fuzz(client, url, *, base: dict, fields, extra=None):
    """POST `base` with a random subset of `fields` replaced by garbage."""

    @FUZZ
    @given(st.dictionaries(st.sampled_from(sorted(fields)), GARBAGE), st.data())
    def run(changes, data):
        cache.clear()  # the rate limits count in the cache: the fuzzer is not an attack here
        before = rows()
        payload = {**base, **changes, **(extra(data) if extra else {})}
        response = client.post(url, payload)
        assert response.status_code in {200, 302}, response.status_code
        if response.status_code == 200:
            # (An empty POST is answered with the blank form, as a GET: Django's `POST or None`.)
            if any(value not in ("", None) for value in payload.values()):
                assert errors_of(response), f"refused without a form error: {payload!r}"
            assert rows() == before, f"refused input changed the database: {payload!r}"

    run()


def test_sign_up(client):
    base = {"email": "new@example.com", "password1": "a-long-passphrase-7", "password2": ""}
    base["password2"] = base["password1"]
    fuzz(client, "/accounts/signup/", base=base, fields=base)


@pytest.mark.parametrize("section", ["identity", "contacts", "size", "offer"])
def test_company_profile(client, supplier, section):
    SupplierFactory(owner=supplier, status=SupplierStatus.DRAFT)
    client.force_login(supplier)
    page = client.get(f"/supplier/{section}/")
    base = form_payload(page)
    fuzz(client, f"/supplier/{section}/", base=base, fields=page.context["form"].fields)


def test_certifications(client, supplier):
    SupplierFactory(owner=supplier, status=SupplierStatus.DRAFT)
    client.force_login(supplier)
    formset = client.get("/supplier/certifications/").context["formset"]
    management = {
        f"{formset.prefix}-{name}": as_post(formset.management_form[name].value())
        for name in formset.management_form.fields
    }
    fields = [f"{formset.prefix}-0-{name}" for name in ("kind", "label", "expires_on")]
    fuzz(client, "/supplier/certifications/", base=management, fields=fields + list(management))


def test_declarations(client, supplier):
    SupplierFactory(owner=supplier, status=SupplierStatus.DRAFT)
    client.force_login(supplier)
    form = client.get("/supplier/declarations/").context["form"]
    fuzz(client, "/supplier/declarations/", base={}, fields=form.fields)


def test_document_upload(client, supplier):
    SupplierFactory(owner=supplier, status=SupplierStatus.DRAFT)
    client.force_login(supplier)
    contents = st.one_of(
        st.binary(max_size=2000),
        st.sampled_from([real_pdf(), real_png(), b"", b"%PDF-1.4 truncated"]),
        st.binary(max_size=200).map(lambda tail: b"\x89PNG\r\n\x1a\n" + tail),
        st.binary(max_size=200).map(lambda tail: b"MZ\x90\x00" + tail),
    )
    names = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80)).map(lambda n: n + ".pdf")

    def upload(data):
        return {"file": SimpleUploadedFile(data.draw(names)[-200:] or "x.pdf", data.draw(contents))}

    fuzz(
        client,
        "/supplier/documents/",
        base={"kind": "certificate"},
        fields=["kind", "fiscal_year"],
        extra=upload,
    )


def test_notice_form(client, staff):
    client.force_login(staff)
    draft = DraftFactory()
    page = client.get(f"/staff/notices/{draft.pk}/edit/")
    fuzz(
        client,
        f"/staff/notices/{draft.pk}/edit/",
        base=form_payload(page),
        fields=page.context["form"].fields,
    )


def test_new_notice_form(client, staff):
    client.force_login(staff)
    form = client.get("/staff/notices/new/").context["form"]
    fuzz(client, "/staff/notices/new/", base={}, fields=form.fields)


def test_alert_form(client, supplier):
    client.force_login(supplier)
    page = client.get("/alerts/new/")
    base = {**form_payload(page), "name": "Solar pumps", "keywords": "solar"}
    fuzz(client, "/alerts/new/", base=base, fields=page.context["form"].fields)


@pytest.mark.parametrize("action", ["request_changes", "reject", "approve_selected"])
def test_admin_review_actions(client, admin_user, action):
    company = SupplierFactory(status=SupplierStatus.SUBMITTED)
    client.force_login(admin_user)
    base = {"action": action, "_selected_action": [str(company.pk)], "apply": "1"}
    url = "/admin/suppliers/supplier/"

    @FUZZ
    @given(st.dictionaries(st.sampled_from(["note", "reason", "_selected_action"]), GARBAGE))
    def run(changes):
        before = rows()
        response = client.post(url, {**base, **changes})
        assert response.status_code in {200, 302}
        if response.status_code == 200:  # the intermediate page again, with the form's errors
            assert errors_of(response)
            assert rows() == before

    run()
