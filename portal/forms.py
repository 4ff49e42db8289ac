from django import forms
from django.utils.translation import gettext_lazy as _

from core.countries import reading_order
from portal.models import ContactTopic
from suppliers.regions import province_name


class DashboardFilterForm(forms.Form):
    """The dashboard's filters; an unknown value is an error, not silently ignored."""

    PERIODS = [
        ("3m", _("Last 3 months")),
        ("12m", _("Last 12 months")),
        ("24m", _("Last 24 months")),
        ("all", _("Since the beginning")),
    ]

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    province = forms.ChoiceField(label=_("Province or region"), required=False)

    def __init__(self, *args, provinces: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        named = sorted(
            ((p, province_name(p)) for p in provinces), key=lambda c: reading_order(c[1])
        )
        self.fields["province"].choices = [("", _("All provinces")), *named]


class ContactForm(forms.Form):
    """The contact page. `website` is a trap for robots: hidden from people (and from assistive
    technology), so anything typed into it marks the message as not written by a person."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We answer to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", "---------"), *ContactTopic.choices])
    message = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if user is not None and user.is_authenticated:
            self.initial.setdefault("email", user.email)
            self.initial.setdefault("name", user.get_full_name())

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must stay empty."), code="not_a_person")
        return ""
