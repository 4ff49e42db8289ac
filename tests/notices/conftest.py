"""Fixtures of the notices' tests: the OCDS release schema for the open-data API's tests (the copy
the importer merges with, notices/data/ocds/), with the patches of the extensions the API's
packages declare merged in (tests/notices/ocds_schema.py)."""

import pytest

from tests.notices.ocds_schema import CORE, extended_schema


@pytest.fixture(scope="session")
def validator():
    if not CORE.is_file():
        pytest.skip(f"the OCDS schema is not at {CORE}")
    from jsonschema import Draft4Validator, FormatChecker

    return Draft4Validator(extended_schema(), format_checker=FormatChecker())


def assert_valid(validator, package):
    """Every release of a release package is valid."""
    for release in package["releases"]:
        assert_valid_release(validator, release)


def assert_valid_release(validator, release):
    errors = sorted(validator.iter_errors(release), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
