from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from categories.forms import CategoryPickerField
from categories.unspsc import refuse_retired
from suppliers import documents, profile, regions
from suppliers.models import (
    Certification,
    CertificationKind,
    DocumentKind,
    RejectionReason,
    Supplier,
)

# The earliest year a company may give as its founding (an earlier one is a typing slip).
EARLIEST_FOUNDING_YEAR = 1800
# The earliest fiscal year a financial statement may cover.
EARLIEST_FISCAL_YEAR = 1900
# How many certifications a profile lists at most.
MAX_CERTIFICATIONS = 20
# The longest a note or comment (NOTE_LENGTH), or a finding or decision (TEXT_LENGTH), may be.
NOTE_LENGTH = 2000
TEXT_LENGTH = 4000
# How much of a question the finding form's picker shows.
QUESTION_LABEL_CHARS = 90


def validate_year_not_in_future(year: int | None) -> None:
    if year is not None and year > date.today().year:
        raise ValidationError(
            _("The year cannot be in the future (it is now %(year)d)."),
            code="year_in_future",
            params={"year": date.today().year},
        )


class RegistrationFieldsMixin:
    """Checks the registration number against the country, and refuses a number already taken."""

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        if (
            country
            and "registration_number" in self.fields
            and "registration_number" not in self.errors
        ):
            try:
                cleaned["registration_number"] = profile.validate_registration(
                    country=country,
                    number=cleaned.get("registration_number", ""),
                    exclude=self.instance,
                )
            except ValidationError as error:
                self.add_error("registration_number", error)
        return cleaned


class SectionForm(forms.ModelForm):
    """A section of the profile; profile.save_section saves what `changes()` gives."""

    def changes(self) -> dict:
        """The section's changed facts: field name, new value."""
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name in self._meta.fields
        }


class MaterialChangeMixin:
    """On an approved profile, a change of a material fact needs the user's confirmation, because
    it sends the profile back for review (the rule is profile.save_section's)."""

    confirm_label = _("I understand that my profile will go back for review.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and profile.change_reopens_review(self.instance):
            self.fields["confirm_reopen"] = forms.BooleanField(
                label=self.confirm_label, required=False
            )

    def material_changes(self) -> list[str]:
        return profile.material_changes(self.instance, self.changed_data)

    def clean(self):
        cleaned = super().clean()
        changed = self.material_changes()
        if changed and not cleaned.get("confirm_reopen"):
            error = ValidationError(
                _(
                    "You changed %(fields)s. Your profile is approved; this change sends it back "
                    "for review. Tick the box to confirm."
                ),
                code="confirm_reopen",
                params={"fields": ", ".join(str(self.fields[name].label) for name in changed)},
            )
            self.add_error("confirm_reopen", error)
        return cleaned


class StartForm(RegistrationFieldsMixin, forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["legal_name", "legal_name_local", "country", "registration_number"]


class IdentityForm(MaterialChangeMixin, RegistrationFieldsMixin, SectionForm):
    class Meta:
        model = Supplier
        fields = [
            "legal_name",
            "legal_name_local",
            "trading_name",
            "country",
            "registration_number",
            "year_established",
            "industry",
            "ungm_number",
        ]

    def clean_year_established(self):
        year = self.cleaned_data.get("year_established")
        validate_year_not_in_future(year)
        if year is not None and year < EARLIEST_FOUNDING_YEAR:
            raise ValidationError(
                _("Please give the year as four digits, e.g. 2012."), code="year_too_early"
            )
        return year


class ContactsForm(SectionForm):
    # A website typed without a scheme is read as https://.
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Supplier
        fields = [
            "province",
            "city",
            "address",
            "postal_code",
            "website",
            "phone",
            "contact_name",
            "contact_role",
            "contact_email",
        ]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        supplier, field = self.instance, self.fields["province"]
        if str(supplier.country) != "CN":  # China's provinces: nothing to choose elsewhere
            del self.fields["province"]
        elif named := regions.province_in_code(
            country=supplier.country, registration_number=supplier.registration_number
        ):
            field.disabled, self.initial["province"] = True, named
            field.help_text = _("Given by your Unified Social Credit Code.")


def not_negative(message):
    def validate(value):
        if value is not None and value < 0:
            raise ValidationError(message, code="negative")

    return validate


class SizeForm(MaterialChangeMixin, SectionForm):
    class Meta:
        model = Supplier
        fields = [
            "employees",
            "annual_turnover",
            "total_assets",
            "currency",
            "women_ownership_pct",
            "woman_ceo",
            "women_board_pct",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's fields reject negatives too; these say it plainly and first.
        self.fields["annual_turnover"].validators.append(
            not_negative(_("The annual turnover cannot be negative."))
        )
        self.fields["total_assets"].validators.append(
            not_negative(_("Total assets cannot be negative."))
        )
        for name in ("women_ownership_pct", "women_board_pct"):
            self.fields[name].error_messages["min_value"] = _(
                "A share is a percentage between 0 and 100."
            )
            self.fields[name].error_messages["max_value"] = _(
                "A share is a percentage between 0 and 100."
            )


class OfferForm(SectionForm):
    categories = CategoryPickerField(
        label=_("UNSPSC categories"),
        required=False,
        help_text=_(
            "Search by word (English or Chinese) or by code, or browse the list, and tick every "
            "category you sell. A segment or family covers everything under it."
        ),
    )

    class Meta:
        model = Supplier
        fields = [
            "description_en",
            "description_zh",
            "categories",
            "countries_served",
            "client_references",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_zh": forms.Textarea(attrs={"rows": 4}),
            "client_references": forms.Textarea(attrs={"rows": 4}),
            "countries_served": forms.SelectMultiple(attrs={"size": 8}),
        }

    def clean_categories(self):
        # The profile stores Category rows: only listed categories can be chosen, and no retired
        # one but those the profile already had.
        codes = CategoryPickerField.listed_only(self.cleaned_data["categories"])
        kept = self.instance.categories.values_list("code", flat=True) if self.instance.pk else ()
        refuse_retired(codes, kept=kept)
        return codes


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "label", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == CertificationKind.OTHER and not cleaned.get("label", "").strip():
            self.add_error("label", _("Give the name of the certification."))
        return cleaned


CertificationFormSet = forms.inlineformset_factory(
    Supplier,
    Certification,
    form=CertificationForm,
    extra=1,
    can_delete=True,
    max_num=MAX_CERTIFICATIONS,
)


class DeclarationsForm(forms.Form):
    code_of_conduct = forms.BooleanField(
        label=_(
            "I have read the UN Supplier Code of Conduct and our company commits to its principles "
            "(labour, human rights, environment, ethical conduct)."
        ),
        required=False,
    )
    eligibility = forms.BooleanField(
        label=_(
            "I declare that our company is not on a UN sanctions or ineligibility list, has no conflict "
            "of interest with UN staff, has not been found guilty of fraud or corruption, and that the "
            "information in this profile is true."
        ),
        required=False,
    )


def document_field(label) -> forms.FileField:
    """A company document or a piece of evidence, checked (size, real kind) as it is cleaned."""
    return forms.FileField(
        label=label,
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
        validators=[documents.check],
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"),
        required=False,
        min_value=EARLIEST_FISCAL_YEAR,
        help_text=_("For financial statements: the year they cover."),
        validators=[validate_year_not_in_future],
    )
    file = document_field(_("File"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == DocumentKind.FINANCIAL_STATEMENT and not cleaned.get(
            "fiscal_year"
        ):
            self.add_error("fiscal_year", _("Give the year the financial statements cover."))
        return cleaned


class ReplaceDocumentForm(forms.Form):
    file = DocumentForm.base_fields["file"]


# --- The admin's review forms -------------------------------------------------------------------


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the supplier (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestChangesForm(forms.Form):
    note = forms.CharField(
        label=_("What should the supplier change?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The supplier reads this note in the e-mail and on their profile page."),
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices)
    note = forms.CharField(
        label=_("Explanation for the supplier"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the reason is “Other reason”."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == RejectionReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error(
                "note", _("Explain the reason in the note when you choose “Other reason”.")
            )
        return cleaned
