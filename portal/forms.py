from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.time_zones import selectable_zones, zone_name

# Where most of the portal's users are, first; then every other zone alphabetically.
COMMON_TIME_ZONES = [
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Africa/Nairobi",
    "Europe/Copenhagen",
    "Europe/Zurich",
    "Europe/Rome",
    "America/New_York",
    "UTC",
]


def time_zone_choices():
    """The common zones, then every zone of a place, each named in the reader's language
    (Asia/Shanghai: "China (Shanghai) Time" in CLDR's words), alphabetically by that name."""
    others = [(tz, zone_name(tz)) for tz in selectable_zones() if tz not in COMMON_TIME_ZONES]
    return [
        (_("Common"), [(tz, zone_name(tz)) for tz in COMMON_TIME_ZONES]),
        (_("All time zones"), sorted(others, key=lambda choice: choice[1])),
    ]


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["name", "language", "time_zone"]
        labels = {"name": _("Your name"), "language": _("Language")}
        help_texts = {"name": _("How we greet you in e-mails. Optional.")}


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


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
        self.fields["province"].choices = [("", _("All provinces")), *[(p, p) for p in provinces]]
