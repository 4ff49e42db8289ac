"""Forms: a domain function's ValidationError shown to the user (on a form, or as one flash
message), and choices of rows by id that a tampered form cannot turn into a server error."""

from collections.abc import Iterable

from django import forms
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


# The largest id a table's key holds (BigAutoField). A larger number is no id at all, and databases
# refuse even to compare it (SQLite raises OverflowError, PostgreSQL "bigint out of range").
MAX_ID = 2**63 - 1


def could_be_id(value) -> bool:
    text = str(value).strip()
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one row by its id: a value that cannot be an id is an invalid choice, answered
    as a form error before any query (a tampered form never becomes a server error)."""

    def to_python(self, value):
        if value not in self.empty_values and not could_be_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of rows by their ids, refusing values that cannot be ids as IdChoiceField does."""

    def _check_values(self, value):
        for pk in value:
            if not could_be_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
