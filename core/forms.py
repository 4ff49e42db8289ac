"""Showing a domain function's ValidationError to the user: on a form, or as one flash message."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError


def add_domain_error(form, error: ValidationError) -> None:
    """Put a domain function's ValidationError on the form: on the fields it names when the form
    has them, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def error_text(error: ValidationError | Iterable[str]) -> str:
    """All the messages of an error (or of a form's error list) as one text, for a flash message
    or a line of a report."""
    messages = error.messages if isinstance(error, ValidationError) else error
    return " ".join(str(message) for message in messages)
