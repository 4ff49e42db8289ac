"""The team on a supplier's admin page: listed, read only."""

import pytest

from suppliers.models import Membership, TeamRole
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_supplier_admin_page_lists_the_members_read_only(admin_client, company):
    Membership.objects.create(
        supplier=company, user=UserFactory(email="editor@example.com"), role=TeamRole.EDITOR
    )

    page = admin_client.get(f"/admin/suppliers/supplier/{company.pk}/change/").content.decode()

    assert "Team (besides the owner)" in page
    assert "editor@example.com" in page
    assert 'name="memberships-0-role"' not in page, "read, not edited"
    assert 'name="memberships-TOTAL_FORMS" value="1"' in page
