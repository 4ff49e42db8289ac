"""core.forms: a domain function's ValidationError shown on a form, or as one flash message."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import add_domain_error, error_text


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def bound_form() -> NoteForm:
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    return form


def test_an_error_without_fields_is_shown_above_the_form():
    form = bound_form()
    add_domain_error(form, ValidationError("This notice is closed.", code="closed"))
    assert form.non_field_errors() == ["This notice is closed."]
    assert not form.is_valid()


def test_an_error_naming_a_field_is_shown_on_it_and_one_naming_another_above_the_form():
    form = bound_form()
    add_domain_error(
        form,
        ValidationError({"note": "Say why.", "deadline": "The deadline has passed."}),
    )
    assert form.errors["note"] == ["Say why."]
    assert form.non_field_errors() == ["The deadline has passed."]


def test_the_messages_of_an_error_are_one_text():
    error = ValidationError(["Too large.", ValidationError("Not a PDF.")])
    assert error_text(error) == "Too large. Not a PDF."
    assert error_text(ValidationError("%(n)s files.", params={"n": 3})) == "3 files."


def test_a_forms_error_list_is_one_text_too():
    form = NoteForm({})
    form.add_error("note", ["First.", "Second."])
    assert error_text(form.errors["note"]) == "First. Second."
