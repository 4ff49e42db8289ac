"""Forms of the staff area (and the admin): they parse and check input; the rules are in
`notices.publishing`, whose ValidationErrors are shown on the fields they name."""

import re
import zoneinfo
from datetime import UTC

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import time_zone_choices
from categories.forms import CategoryPickerField
from categories.unspsc import refuse_retired
from core.countries import countries
from core.forms import IdMultipleChoiceField, add_domain_error
from notices import awarding, questions
from notices.alerts import criteria
from notices.alerts.models import Alert
from notices.interest_models import NOTE_MAX, QUESTION_MAX
from notices.models import Agency, Notice, NoticeType
from notices.publishing import EDITABLE_FIELDS, normalise_codes

OUT_OF_RANGE = _("This date is out of range: enter the deadline the agency gives.")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class NoticeForm(forms.ModelForm):
    """A notice's content. The deadline is typed as the agency gives it, in the time zone chosen
    beside it (not in the reader's own time zone)."""

    categories = forms.CharField(
        label=_("UNSPSC categories"),
        help_text=_(
            "One or more 8-digit codes at any level, separated by commas or spaces, "
            "e.g. 43211500, 44120000."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries of delivery"),
        choices=lambda: list(countries),  # at render time: in the reader's language
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    # Declared here (not generated from the model) so that the admin uses the same inputs.
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("When submissions close. Required to publish, except for contract awards."),
    )
    deadline_time_zone = forms.ChoiceField(
        label=_("Time zone of the deadline"),
        choices=lambda: [("", _("The agency's time zone")), *time_zone_choices()],
        required=False,
        help_text=_("The deadline above is in this time zone, as the agency gives it."),
    )
    tender_url = forms.URLField(
        label=_("Agency's tender page"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Where suppliers bid."),
    )

    class Meta:
        model = Notice
        fields = ["agency", "reference", *EDITABLE_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "environmental_criteria": forms.Textarea(attrs={"rows": 3}),
            "social_criteria": forms.Textarea(attrs={"rows": 3}),
            "economic_criteria": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = [
        "agency", "reference", "title", "notice_type", "categories", "countries", "deadline",
        "deadline_time_zone", "clarification_deadline", "description",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "agency" in self.fields:
            self.fields["agency"].label_from_instance = lambda agency: agency.label
        notice = self.instance
        if notice.pk:
            self.initial["categories"] = ", ".join(c.code for c in notice.categories.all())
            self.initial["countries"] = [str(c.country) for c in notice.countries.all()]
            zone = zoneinfo.ZoneInfo(notice.deadline_time_zone)
            for name in ("deadline", "clarification_deadline"):
                if getattr(notice, name):
                    # As the agency gave it, not converted to the reader's time zone.
                    moment = getattr(notice, name).astimezone(zone)
                    self.initial[name] = moment.replace(tzinfo=None)
        if notice.pk and notice.is_public:
            # Fixed at publication: suppliers expressed interest under these terms.
            for name in ("agency", "reference", "interest_open_to_all", "interested_list_public"):
                self.fields[name].disabled = True

    def clean_categories(self):
        codes = [code for code in re.split(r"[,;\s]+", self.cleaned_data["categories"]) if code]
        try:
            codes = normalise_codes(codes)
        except ValidationError as error:
            raise ValidationError(error.message_dict["categories"]) from error
        # A retired code may stay on a notice that has it, and is not chosen anew.
        kept = [c.code for c in self.instance.categories.all()] if self.instance.pk else ()
        refuse_retired(codes, kept=kept)
        return codes

    clarification_deadline = forms.DateTimeField(
        label=_("Clarification deadline"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_(
            "Until when suppliers may ask questions, in the deadline's time zone; before the "
            "deadline. Empty: no questions on the portal."
        ),
    )

    def clean(self):
        data = super().clean()
        agency = data.get("agency")
        if not data.get("deadline_time_zone"):
            data["deadline_time_zone"] = agency.time_zone if agency else "UTC"
        for name in ("deadline", "clarification_deadline"):
            if data.get(name):
                self._in_agency_time(data, name)
        clarification, deadline = data.get("clarification_deadline"), data.get("deadline")
        if clarification and (deadline is None or clarification >= deadline):
            self.add_error(
                "clarification_deadline",
                ValidationError(
                    _("The clarification deadline must come before the deadline for submissions."),
                    code="clarification_after_deadline",
                ),
            )
        return data

    def _in_agency_time(self, data: dict, name: str) -> None:
        """The typed moment read in the deadline's time zone, as the agency gives it (the same
        minute as the stored one is the stored one: the input has no seconds)."""
        try:
            typed = timezone.make_naive(data[name], timezone.get_current_timezone())
            data[name] = typed.replace(tzinfo=zoneinfo.ZoneInfo(data["deadline_time_zone"]))
            data[name].astimezone(UTC)  # it is stored in UTC: it must have a UTC time
        except (OverflowError, ValueError):
            del data[name]
            self.add_error(name, ValidationError(OUT_OF_RANGE, code="deadline_out_of_range"))
            return
        stored = getattr(self.instance, name)
        if stored and stored.replace(second=0, microsecond=0) == data[name]:
            data[name] = stored

    def _post_clean(self):
        # Model-level checks (unique reference, constraints) run in the domain function, which
        # reports them on the fields; ModelForm's own pass would only report them twice.
        pass

    def notice_values(self) -> dict:
        """Every field for publishing.create_draft / update_draft."""
        return {
            name: self.cleaned_data[name] for name in (*EDITABLE_FIELDS, "categories", "countries")
        }

    def notice_changes(self) -> dict:
        """Only what the user changed, for publishing.amend."""
        values = self.notice_values()
        return {name: value for name, value in values.items() if name in self.changed_data}


class AmendmentForm(NoticeForm):
    note = forms.CharField(
        label=_("What changed, and why"),
        help_text=_("Suppliers read this note in the notice's amendment history."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["note", *NoticeForm.field_order]


class AmendmentFromAnswerForm(AmendmentForm):
    """The amend form opened from a published answer: its note cites the answer."""

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        if question is not None and not self.is_bound:
            self.initial["note"] = questions.amendment_note(question)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"}
        ),
    )
    note = forms.CharField(
        label=_("Amendment note"),
        required=False,
        help_text=_("For a published notice: why the document is added (optional)."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        help_text=_("Shown to suppliers on the notice."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AwardForm(forms.Form):
    registered_supplier = forms.CharField(
        label=_("Registered supplier"),
        max_length=255,
        required=False,
        help_text=_(
            "If the program's registered supplier won: its name in English or Chinese, or its "
            "unified social credit code. Leave empty for any other vendor."
        ),
    )
    supplier_name = forms.CharField(
        label=_("Awarded supplier"),
        max_length=300,
        required=False,
        help_text=_("Empty: the registered supplier's name."),
    )
    value = forms.DecimalField(label=_("Value"), required=False, min_value=0, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    awarded_on = forms.DateField(
        label=_("Date of award"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_on = forms.DateField(
        label=_("Contract signed"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_on = forms.DateField(
        label=_("Contract start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Contract end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_registered_supplier(self):
        """The one registered supplier the text finds (None for an empty field)."""
        text = self.cleaned_data["registered_supplier"].strip()
        if not text:
            return None
        found = awarding.find_suppliers(text)
        if not found:
            raise forms.ValidationError(_("No registered supplier has this name or credit code."))
        exact = [
            c for c in found if text.upper() == c.credit_code or text in (c.name, c.name_local)
        ]
        if len(found) > 1 and len(exact) != 1:
            raise forms.ValidationError(
                _("Several registered suppliers match: %(names)s. Give the credit code.")
                % {"names": "; ".join(c.name for c in found)}
            )
        return exact[0] if exact else found[0]

    def clean(self):
        data = super().clean()
        company = data.get("registered_supplier")
        if not data.get("supplier_name") and company is None:
            self.add_error("supplier_name", _("Name the supplier, or choose a registered one."))
        return data

    def award_values(self) -> dict:
        """The keyword arguments of `notices.awarding.record_award`."""
        data = dict(self.cleaned_data)
        company = data.pop("registered_supplier")
        data["supplier_id"] = company.supplier_id if company else None
        data["supplier_name"] = data["supplier_name"] or (company.name if company else "")
        return data


class AgencyChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class AlertForm(forms.ModelForm):
    """A saved search. Lists of criteria are plain fields here; `notices.alerts.criteria.save_alert` stores them."""

    categories = CategoryPickerField(
        label=_("UNSPSC categories"),
        required=False,
        help_text=_(
            "Search by word (English or Chinese) or by code, or browse the list, and tick the "
            "categories to watch. A segment or family covers everything under it."
        ),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries of delivery"),
        required=False,
        choices=lambda: list(countries),  # at render time: in the reader's language
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    agencies = AgencyChoiceField(
        label=_("Agencies"),
        required=False,
        queryset=Agency.objects.filter(listed=True),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    notice_types = forms.MultipleChoiceField(
        label=_("Types of notice"),
        required=False,
        choices=NoticeType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Alert
        fields = [
            "name",
            "keywords",
            "excluded_keywords",
            "categories",
            "countries",
            "agencies",
            "notice_types",
            "sme_friendly",
            "women_owned_preference",
            "frequency",
        ]
        widgets = {"frequency": forms.RadioSelect}

    def clean_categories(self):
        codes = self.cleaned_data["categories"]
        # A retired code may stay on an alert that watches it, and is not chosen anew.
        refuse_retired(
            codes, kept=criteria.category_codes(self.instance) if self.instance.pk else ()
        )
        return codes

    def clean(self):
        data = super().clean()
        try:
            criteria.check_keywords(
                keywords=data.get("keywords", ""),
                excluded_keywords=data.get("excluded_keywords", ""),
            )
        except ValidationError as error:
            add_domain_error(self, error)
        return data

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {
            "categories": data["categories"],
            "countries": data["countries"],
            "agencies": data["agencies"],
            "notice_types": data["notice_types"],
        }


class InterestForm(forms.Form):
    note = forms.CharField(
        label=_("A short note to the buyer (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For instance the lots or parts of the tender you mean to bid for: this portal "
            "does not record the lots of a tender."
        ),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Only program staff read it. If they publish it with its answer, they remove "
            "anything that identifies you or your company."
        ),
    )


class AnswerHow(models.TextChoices):
    PUBLISH = "publish", _("Publish the question and its answer on the notice")
    ASKER = "asker", _("Answer the asker only, by e-mail")


class AnswerForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How to answer"), choices=AnswerHow.choices, widget=forms.RadioSelect
    )
    published_text = forms.CharField(
        label=_("The question as published"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Remove anything that identifies the asker. The original is kept."),
    )
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


class InterestMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Sent as you write it, inside an e-mail in each supplier's language: write in "
            "English and Chinese if you can."
        ),
    )
