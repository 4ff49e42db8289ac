"""The forms of accounts: preferences (language, time zone) and the admin's user forms."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.time_zones import selectable_zones, zone_name

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
