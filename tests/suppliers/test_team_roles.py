"""What each role may do on a company's account: the owner everything, an editor the company's
work, a viewer reads; and the database's hold on "one owner, one company per person"."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from notices.alerts import criteria
from suppliers import assessment, documents, profile
from suppliers.models import (
    Assessment,
    AssessmentQuestion,
    DocumentKind,
    Evidence,
    Membership,
    ProfileChange,
    ReviewEvent,
    Supplier,
    SupplierDocument,
    SupplierStatus,
    TeamRole,
)
from tests.factories import UserFactory
from tests.notices.factories import make_alert
from tests.suppliers.assessment_helpers import answer_all, approved_round, raise_action
from tests.suppliers.conftest import real_pdf
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("policy.pdf", real_pdf())


def member(company, role, email):
    return Membership.objects.create(
        supplier=company, user=UserFactory(email=email, name=f"{role.title()} Li"), role=role
    )


@pytest.fixture
def viewer(company):
    return member(company, TeamRole.VIEWER, "viewer@example.com").user


@pytest.fixture
def editor(company):
    return member(company, TeamRole.EDITOR, "editor@example.com").user


@pytest.fixture
def world(company, staff):
    """A company with a document, answer evidence and an open corrective action."""
    document = company.documents.get()
    round_ = approved_round(company, staff)
    action = raise_action(round_, staff)
    draft = answer_all(Assessment.objects.create(supplier=company))
    evidence = assessment.add_answer_evidence(
        assessment=draft, question=AssessmentQuestion.objects.first(), upload=pdf()
    )
    return {"document": document.pk, "action": action.pk, "evidence": evidence.pk}


# Every write of a company's account (method, path), with the ids of `world`.
WRITES = [
    ("get", "/supplier/identity/", {}),
    ("post", "/supplier/identity/", {"legal_name": "Taken over Ltd"}),
    ("post", "/supplier/contacts/", {"city": "Guangzhou"}),
    ("get", "/supplier/certifications/", {}),
    ("post", "/supplier/certifications/", {}),
    ("get", "/supplier/declarations/", {}),
    ("post", "/supplier/declarations/", {}),
    ("post", "/supplier/documents/", {"kind": "certificate"}),
    ("post", "/supplier/documents/{document}/delete/", {}),
    ("post", "/supplier/documents/{document}/replace/", {}),
    ("post", "/supplier/submit/", {}),
    ("post", "/supplier/assessment/start/", {}),
    ("post", "/supplier/assessment/submit/", {}),
    ("get", "/supplier/assessment/environment/", {}),
    ("post", "/supplier/assessment/environment/", {}),
    ("post", "/supplier/assessment/evidence/{evidence}/delete/", {}),
    ("post", "/supplier/assessment/actions/{action}/progress/", {"step": "start"}),
    ("post", "/supplier/assessment/actions/{action}/evidence/", {}),
]
# The owner's alone.
TEAM_PAGES = [
    ("get", "/supplier/team/", {}),
    ("post", "/supplier/team/", {"email": "x@example.com", "role": "editor", "language": "en"}),
]


@pytest.mark.parametrize(("method", "path", "data"), WRITES + TEAM_PAGES)
def test_a_viewer_gets_403_on_every_write_and_nothing_changes(
    client, viewer, world, method, path, data
):
    client.force_login(viewer)
    before = Supplier.objects.values().get()

    response = getattr(client, method)(path.format(**world), data)

    assert response.status_code == 403
    assert Supplier.objects.values().get() == before
    assert SupplierDocument.objects.count() == 1
    assert Evidence.objects.filter(pk=world["evidence"]).exists()


@pytest.mark.parametrize(("method", "path", "data"), TEAM_PAGES)
def test_an_editor_does_not_manage_the_team(client, editor, method, path, data):
    client.force_login(editor)

    assert getattr(client, method)(path, data).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/supplier/",
        "/supplier/documents/",
        "/supplier/documents/{document}/download/",
        "/supplier/assessment/",
        "/supplier/assessment/plan/",
        "/supplier/assessment/evidence/{evidence}/download/",
    ],
)
def test_a_viewer_reads_the_companys_pages(client, viewer, world, path):
    client.force_login(viewer)

    assert client.get(path.format(**world)).status_code == 200


def test_a_viewer_sees_no_edit_buttons(client, viewer, world):
    client.force_login(viewer)

    documents_page = client.get("/supplier/documents/").content.decode()
    plan = client.get("/supplier/assessment/plan/").content.decode()
    workspace = client.get("/supplier/").content.decode()

    assert "/delete/" not in documents_page and 'type="file"' not in documents_page
    assert "you can read and download its documents" in documents_page
    assert "/progress/" not in plan
    assert 'href="/supplier/identity/"' not in workspace
    assert "Your role on this company's account: Viewer." in workspace
    assert "/supplier/submit/" not in workspace


def test_an_editor_changes_the_profile_and_uploads_documents(client, editor, company):
    client.force_login(editor)

    saved = client.post("/supplier/contacts/", {**contacts(company), "city": "Guangzhou"})
    uploaded = client.post(
        "/supplier/documents/", {"kind": DocumentKind.CERTIFICATE, "file": pdf()}
    )

    assert saved.status_code == 302
    assert Supplier.objects.get().city == "Guangzhou"
    assert uploaded.status_code == 302
    assert company.documents.count() == 2


def contacts(company) -> dict:
    fields = ["province", "city", "address", "postal_code", "website", "phone"]
    fields += ["contact_name", "contact_role", "contact_email"]
    return {name: getattr(company, name) for name in fields}


def test_an_editor_submits_and_the_history_names_them(client, editor, company):
    client.force_login(editor)

    response = client.post("/supplier/submit/")

    assert response.status_code == 302
    assert Supplier.objects.get().status == SupplierStatus.SUBMITTED
    assert ReviewEvent.objects.get().actor == editor
    client.force_login(company.owner)
    workspace = client.get("/supplier/").content.decode()
    assert "by Editor Li" in workspace


def test_an_editor_answers_the_assessment(client, editor):
    client.force_login(editor)

    response = client.post("/supplier/assessment/start/")

    assert response.status_code == 302
    assert Assessment.objects.exists()


def test_the_owner_sets_a_role(client, company, viewer):
    membership = viewer.membership
    client.force_login(company.owner)

    response = client.post(f"/supplier/team/members/{membership.pk}/role/", {"role": "editor"})

    assert response["Location"] == "/supplier/team/"
    assert Membership.objects.get().role == TeamRole.EDITOR


@pytest.mark.parametrize("role", ["owner", "admin", ""])
def test_a_role_that_is_not_editor_or_viewer_is_refused(client, company, viewer, role):
    client.force_login(company.owner)

    response = client.post(
        f"/supplier/team/members/{viewer.membership.pk}/role/", {"role": role}, follow=True
    )

    assert "Choose editor or viewer." in response.content.decode()
    assert Membership.objects.get().role == TeamRole.VIEWER


def test_handing_the_ownership_over_keeps_exactly_one_owner(client, company, editor):
    previous = company.owner
    client.force_login(previous)

    response = client.post(f"/supplier/team/members/{editor.membership.pk}/transfer/")

    assert response["Location"] == "/supplier/"
    company.refresh_from_db()
    assert company.owner == editor
    assert not Membership.objects.filter(user=editor).exists()
    assert Membership.objects.get(user=previous).role == TeamRole.EDITOR
    assert client.get("/supplier/team/").status_code == 403, "the old owner is an editor"
    client.force_login(editor)
    assert client.get("/supplier/team/").status_code == 200


def test_the_database_refuses_a_second_owner(company, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=editor).update(role=TeamRole.OWNER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(supplier=company, user=UserFactory(), role=TeamRole.OWNER)


def test_the_database_refuses_a_company_without_an_owner(company):
    with pytest.raises(IntegrityError), transaction.atomic():
        Supplier.objects.filter(pk=company.pk).update(owner=None)


def test_the_database_refuses_a_person_in_two_companies(company, other_company, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(supplier=other_company, user=editor, role=TeamRole.VIEWER)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupplierFactory(owner=company.owner)


def test_the_owner_removes_a_member_who_keeps_their_own_alerts(client, company, editor):
    alert = make_alert(editor)
    client.force_login(company.owner)

    response = client.post(f"/supplier/team/members/{editor.membership.pk}/remove/")

    assert response["Location"] == "/supplier/team/"
    assert not Membership.objects.exists()
    client.force_login(editor)
    assert client.get("/supplier/documents/").status_code == 404
    assert client.get(f"/alerts/{alert.pk}/").status_code == 200


def test_members_of_another_company_are_not_found(client, company, editor, other_company):
    client.force_login(other_company.owner)
    pk = editor.membership.pk

    for action in ("role", "transfer", "remove"):
        assert client.post(f"/supplier/team/members/{pk}/{action}/").status_code == 404
    assert Membership.objects.get().supplier == company
    company.refresh_from_db()
    assert company.owner != other_company.owner


def test_a_member_cannot_change_the_team(client, company, editor, viewer):
    client.force_login(editor)

    for action in ("role", "transfer", "remove"):
        response = client.post(f"/supplier/team/members/{viewer.membership.pk}/{action}/")
        assert response.status_code == 403
    assert Membership.objects.count() == 2


def test_the_member_actions_take_only_post(client, company, editor):
    client.force_login(company.owner)

    for action in ("role", "transfer", "remove"):
        response = client.get(f"/supplier/team/members/{editor.membership.pk}/{action}/")
        assert response.status_code == 405


def test_the_alert_form_offers_a_member_their_companys_categories(company, viewer):
    assert criteria.company_categories_of(viewer) == ["26000000"]


def test_a_member_sees_the_document_another_company_cannot(client, company, viewer, other_company):
    document = documents.add_document(supplier=company, kind=DocumentKind.CERTIFICATE, upload=pdf())
    client.force_login(other_company.owner)
    assert client.get(f"/supplier/documents/{document.pk}/download/").status_code == 404
    client.force_login(viewer)
    assert client.get(f"/supplier/documents/{document.pk}/download/").status_code == 200


def test_every_change_to_the_profile_names_who_made_it(client, editor, company):
    client.force_login(editor)
    client.post("/supplier/contacts/", {**contacts(company), "city": "Guangzhou"})
    client.post("/supplier/documents/", {"kind": DocumentKind.CERTIFICATE, "file": pdf()})
    client.post("/supplier/declarations/", {"code_of_conduct": "on", "eligibility": "on"})

    changes = list(
        ProfileChange.objects.filter(actor=editor).order_by("id").values_list("fields", "actor")
    )
    client.force_login(company.owner)
    workspace = client.get("/supplier/").content.decode()

    assert changes == [
        ("city", editor.pk),
        ("documents", editor.pk),
        ("declarations", editor.pk),
    ]
    assert "Latest changes to the profile" in workspace
    assert "Declarations" in workspace and "Documents" in workspace
    assert workspace.count("by Editor Li") == 3


def test_a_member_registers_no_company_of_their_own(client, editor):
    client.force_login(editor)

    page = client.get("/supplier/start/")

    assert page["Location"] == "/supplier/"
    with pytest.raises(ValidationError):
        profile.create_supplier(
            owner=editor,
            legal_name="Side business",
            legal_name_local="",
            country="HK",
            registration_number="12345678",
        )
    assert Supplier.objects.count() == 1


def test_the_owner_reaches_the_team_from_the_workspace_and_the_profile(client, company, editor):
    client.force_login(company.owner)
    assert 'href="/supplier/team/"' in client.get("/supplier/").content.decode()
    assert 'href="/supplier/team/"' in client.get("/supplier/identity/").content.decode()
    client.force_login(editor)
    workspace = client.get("/supplier/").content.decode()
    assert 'href="/supplier/team/"' not in workspace
    assert "Your role on this company's account: Editor." in workspace


def test_the_team_page_speaks_the_owners_language(client, company, viewer):
    company.owner.language = "zh-hans"
    company.owner.save()
    client.force_login(company.owner)

    page = client.get("/supplier/team/").content.decode()

    assert "邀请同事" in page
    assert "查看者" in page
