"""Fixtures of the notices' tests: the OCDS release schema for the open-data API's tests (read from
../shared/ocds beside the repository; those tests are skipped where it is absent)."""

import json
from pathlib import Path

import pytest

SCHEMA = (
    Path(__file__).resolve().parents[2].parent / "shared" / "ocds" / "release-schema-1.1.5.json"
)


@pytest.fixture(scope="session")
def validator():
    if not SCHEMA.is_file():
        pytest.skip(f"the OCDS schema is not at {SCHEMA}")
    from jsonschema import Draft4Validator, FormatChecker

    schema = json.loads(SCHEMA.read_text())
    return Draft4Validator(schema, format_checker=FormatChecker())


def assert_valid(validator, package):
    """Every release of a release package is valid."""
    for release in package["releases"]:
        assert_valid_release(validator, release)


def assert_valid_release(validator, release):
    errors = sorted(validator.iter_errors(release), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
