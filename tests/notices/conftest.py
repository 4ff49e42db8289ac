"""Fixtures of the notices' tests: the OCDS release schema for the open-data API's tests (the copy
the importer merges with, notices/data/ocds/), with the patches of the extensions the API's
packages declare merged in (tests/notices/ocds_schema.py); the plan of a search with the notices'
GIN indexes alone (PostgreSQL)."""

import pytest
from django.db import connection
from django.http import QueryDict

from notices import search
from notices.filters import NoticeFilter
from tests.notices.ocds_schema import CORE, extended_schema, release_package_schema


@pytest.fixture(scope="session")
def validator():
    if not CORE.is_file():
        pytest.skip(f"the OCDS schema is not at {CORE}")
    from jsonschema import Draft4Validator

    return Draft4Validator(extended_schema(), format_checker=_format_checker())


@pytest.fixture(scope="session")
def package_validator():
    """The release package schema's rules, each release checked as `validator` checks it."""
    if not CORE.is_file():
        pytest.skip(f"the OCDS schema is not at {CORE}")
    from jsonschema import Draft4Validator

    return Draft4Validator(release_package_schema(), format_checker=_format_checker())


def _format_checker():
    """jsonschema's format checks, refusing to run without the date-time one (OCDS's dates): it is
    silently absent when rfc3339-validator is not installed, and every date would then pass."""
    from jsonschema import FormatChecker

    checker = FormatChecker()
    assert "date-time" in checker.checkers, "install rfc3339-validator (make install)"
    return checker


def assert_valid_package(package_validator, package):
    errors = sorted(package_validator.iter_errors(package), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def assert_valid(validator, package):
    """Every release of a release package is valid."""
    for release in package["releases"]:
        assert_valid_release(validator, release)


def assert_valid_release(validator, release):
    errors = sorted(validator.iter_errors(release), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


@pytest.fixture
def company(supplier):
    """The supplier persona's company, registered and approved."""
    from tests.suppliers.factories import SupplierFactory

    return SupplierFactory(owner=supplier, status="approved", legal_name="Lotus Solar Co., Ltd.")


@pytest.fixture
def other_company(other_supplier):
    """Another supplier's company, registered and approved."""
    from tests.suppliers.factories import SupplierFactory

    return SupplierFactory(owner=other_supplier, status="approved", legal_name="Harbour Pumps Ltd.")


@pytest.fixture
def gin_plan(db):
    """`gin_plan("q=office&country=KE")`: the EXPLAIN of the list's search for that query string,
    with the notices' B-trees dropped and sequential scans off, in the test's transaction. On a few
    test rows the planner prefers the B-trees of the status or the deadline to any GIN index: this
    shows which GIN indexes a search can read."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT indexname FROM pg_indexes WHERE tablename = 'notices_notice'
               AND indexdef NOT LIKE '%%USING gin%%' AND indexname NOT IN (
                   SELECT conname FROM pg_constraint WHERE conrelid = 'notices_notice'::regclass)"""
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL enable_seqscan = off")

    def plan(params: str) -> str:
        notices = NoticeFilter(QueryDict(params), queryset=search.public_notices()).qs
        sql, sql_params = notices.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, sql_params)
            return "\n".join(row[0] for row in cursor.fetchall())

    return plan
