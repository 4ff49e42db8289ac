import zoneinfo

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from portal.models import User

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
    others = sorted(zoneinfo.available_timezones() - set(COMMON_TIME_ZONES))
    return [
        (_("Common"), [(tz, tz.replace("_", " ")) for tz in COMMON_TIME_ZONES]),
        (_("All time zones"), [(tz, tz.replace("_", " ")) for tz in others]),
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
