"""The review e-mails name the company as registered, `& ' " < >` included: as typed in the subject
and the text part, escaped exactly once in the HTML part."""

import pytest
from django.core import mail
from django.utils.html import escape

from suppliers import review

pytestmark = pytest.mark.django_db

NAME = """Li & O'Brien "Green" <Trading> Co"""


def test_the_submitted_and_approved_e_mails_show_the_name_as_typed(
    client, admin_user, company, django_capture_on_commit_callbacks
):
    company.legal_name = NAME  # the English name, which an English reader is shown
    company.save()
    with django_capture_on_commit_callbacks(execute=True):
        review.submit(company, by=company.owner)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/suppliers/supplier/",
            {"action": "approve_selected", "_selected_action": [company.pk], "apply": "1"},
        )

    submitted, approved = mail.outbox
    assert submitted.subject == f"We received the registration of {NAME}"
    assert approved.subject == f"{NAME} is registered on the UN Supplier Portal"
    for message in (submitted, approved):
        html = message.alternatives[0][0]
        assert NAME in message.body and "&amp;" not in message.body
        assert escape(NAME) in html and "&amp;amp;" not in html and NAME not in html
