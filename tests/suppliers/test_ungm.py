"""The UNGM readiness panel: what each level needs, from the profile."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from suppliers import documents
from suppliers.ungm import readiness

pytestmark = pytest.mark.django_db


def levels(supplier, **kwargs):
    return {level.name: level for level in readiness(supplier, **kwargs)}


def test_a_complete_profile_meets_basic_but_level_1_needs_references_and_ownership(company):
    result = levels(company)

    assert result["UNGM Basic"].ready
    missing = [check.label for check in result["UNGM Level 1"].checks if not check.met]
    assert missing == [
        "Client references",
        "Ownership structure (women's share of ownership, chief executive)",
    ]


def test_level_2_needs_three_years_of_accounts_and_of_business(company, pdf_bytes):
    company.year_established = 2024
    company.save()
    for year in (2023, 2024):
        documents.add_document(
            supplier=company,
            kind="financial_statement",
            fiscal_year=year,
            upload=SimpleUploadedFile(f"{year}.pdf", pdf_bytes),
        )

    before = levels(company, today=date(2026, 6, 1))["UNGM Level 2"]
    documents.add_document(
        supplier=company,
        kind="financial_statement",
        fiscal_year=2025,
        upload=SimpleUploadedFile("2025.pdf", pdf_bytes),
    )
    company.year_established = 2023
    company.save()
    after = levels(company, today=date(2026, 6, 1))["UNGM Level 2"]

    assert (before.done, before.ready) == (0, False)
    assert after.ready and after.percent == 100


def test_the_overview_shows_the_checklist(client, company):
    client.force_login(company.owner)

    response = client.get("/supplier/")

    assert b"UN Global Marketplace readiness" in response.content
    assert b"UNGM Level 2" in response.content
