"""The admin: the questionnaire is data program staff edit; suppliers filtered by rating band and by
the "sustainability assessed" mark."""

import pytest

from suppliers.models import AssessmentQuestion
from tests.suppliers.assessment_helpers import approved_round, raise_action

pytestmark = pytest.mark.django_db


def test_program_staff_edit_a_questions_weight_in_the_admin(client, staff):
    question = AssessmentQuestion.objects.get(code="env-energy")
    client.force_login(staff)
    url = f"/admin/suppliers/assessmentquestion/{question.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"weight": 5, "critical": "", "evidence_expected": "", "is_active": "on"}
    data = {k: v for k, v in data.items() if v not in (False,)}

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()
    assert question.weight == 5


def test_program_staff_cannot_delete_questions(client, staff):
    question = AssessmentQuestion.objects.first()
    client.force_login(staff)

    response = client.get(f"/admin/suppliers/assessmentquestion/{question.pk}/delete/")

    assert response.status_code == 403


def test_admins_filter_suppliers_by_rating_band(client, admin_user, company, other_company, staff):
    approved_round(company, staff)
    approved_round(other_company, staff, overrides={"lab-forced": "no"})
    client.force_login(admin_user)

    band_a = client.get("/admin/suppliers/supplier/", {"band": "A"}).context["cl"].result_list
    band_d = client.get("/admin/suppliers/supplier/", {"band": "D"}).context["cl"].result_list
    none = client.get("/admin/suppliers/supplier/", {"band": "none"}).context["cl"].result_list

    assert list(band_a) == [company]
    assert list(band_d) == [other_company]
    assert list(none) == []


def test_the_assessed_mark_shows_in_the_supplier_list_and_filters_it(
    client, admin_user, company, other_company, staff
):
    approved_round(company, staff)
    raise_action(approved_round(other_company, staff), staff, severity="critical")
    client.force_login(admin_user)

    response = client.get("/admin/suppliers/supplier/", {"assessed": "yes"})

    assert list(response.context["cl"].result_list) == [company]
    assert "sustainability assessed" in response.content.decode()
    no = client.get("/admin/suppliers/supplier/", {"assessed": "no"}).context["cl"].result_list
    assert list(no) == [other_company]


def test_rounds_cannot_be_added_in_the_admin(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/suppliers/assessment/add/").status_code == 403
    assert client.get("/admin/suppliers/assessment/").status_code == 200
    assert client.get("/admin/suppliers/correctiveaction/").status_code == 200
    assert client.get("/admin/suppliers/assessmentsection/").status_code == 200
