"""Forms of the event pages and the staff area: they parse input; the rules are in
`events.publishing` and `events.registration`, whose errors are shown on the fields they name."""

import zoneinfo
from datetime import UTC

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import time_zone_choices
from accounts.models import User
from core.forms import IdMultipleChoiceField
from events.models import Event, Session
from events.publishing import EDITABLE_FIELDS, SESSION_FIELDS
from notices.models import Agency

OUT_OF_RANGE = _("This date is out of range.")
TIME_FIELDS = ("starts_at", "ends_at", "registration_deadline")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def in_event_zone(data: dict, event: Event) -> dict:
    """The start and end typed (a datetime-local input has no zone) as times in the event's zone."""
    for name in ("starts_at", "ends_at"):
        if data.get(name):
            typed = timezone.make_naive(data[name], timezone.get_current_timezone())
            data[name] = typed.replace(tzinfo=event.zone)
    return data


class EventForm(forms.ModelForm):
    """An event's content. Its times are typed in the event's time zone, chosen beside them (not in
    the reader's own zone). A published event's form asks for a note: the amendment's."""

    starts_at = forms.DateTimeField(label=_("Start"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("End"), widget=DateTimeLocalInput())
    registration_deadline = forms.DateTimeField(
        label=_("Registration deadline"), widget=DateTimeLocalInput()
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=lambda: time_zone_choices(),
        help_text=_("The times above are in this time zone, where the event takes place."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Shown only to registered participants."),
    )
    note = forms.CharField(
        label=_("What changed and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone registered, with the changes."),
    )

    class Meta:
        model = Event
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "description_zh": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk:
            for name in TIME_FIELDS:
                self.initial[name] = (
                    getattr(event, name).astimezone(event.zone).replace(tzinfo=None)
                )
        if not (event.pk and event.is_public):
            del self.fields["note"]

    def clean(self):
        data = super().clean()
        zone = zoneinfo.ZoneInfo(data.get("time_zone") or "UTC")
        for name in TIME_FIELDS:
            if data.get(name):
                try:
                    typed = timezone.make_naive(data[name], timezone.get_current_timezone())
                    data[name] = typed.replace(tzinfo=zone)
                    data[name].astimezone(UTC)
                except (OverflowError, ValueError):
                    del data[name]
                    self.add_error(name, ValidationError(OUT_OF_RANGE, code="out_of_range"))
                    continue
                data[name] = self._stored_if_same_minute(name, data[name])
        return data

    def _stored_if_same_minute(self, name: str, typed):
        """The input has no seconds: the same minute is the same time (not an amendment)."""
        stored = getattr(self.instance, name, None)
        if stored and stored.replace(second=0, microsecond=0) == typed:
            return stored
        return typed

    def _post_clean(self):
        # The model's checks run in the domain function, which reports them on the fields.
        pass

    def event_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class SessionForm(forms.ModelForm):
    """A session of an event; its times are typed in the event's time zone."""

    starts_at = forms.DateTimeField(label=_("Start"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("End"), widget=DateTimeLocalInput())

    class Meta:
        model = Session
        fields = list(SESSION_FIELDS)
        widgets = {"speakers": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self):
        return in_event_zone(super().clean(), self.event)

    def _post_clean(self):
        # The model's checks run in the domain function, which reports them on the fields.
        pass

    def session_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to everyone registered."),
    )


class SessionChoiceForm(forms.Form):
    sessions = IdMultipleChoiceField(
        label=_("Sessions"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = event.sessions.all()
        self.fields["sessions"].label_from_instance = lambda session: session.title


class ColleagueForm(forms.Form):
    """A colleague registered by a participant (events.registration.register_colleague)."""

    name = forms.CharField(label=_("Your colleague's name"), max_length=150)
    email = forms.EmailField(label=_("Your colleague's e-mail address"))


class InvitationForm(forms.Form):
    """Addresses invited to an invitation-only event (events.invitations.invite)."""

    addresses = forms.CharField(
        label=_("E-mail addresses to invite"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One or more, separated by spaces, commas or lines."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=lambda: settings.LANGUAGES,
        help_text=_("The invitation is written in this language."),
    )


class SlotForm(forms.Form):
    """A buyer's time at a fair (events.meetings.publish_slot), typed in the fair's time zone."""

    starts_at = forms.DateTimeField(label=_("Start"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("End"), widget=DateTimeLocalInput())
    table = forms.CharField(label=_("Table"), max_length=40)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self):
        return in_event_zone(super().clean(), self.event)


class BuyerForm(forms.Form):
    """A staff account marked as an agency's buyer at a fair (events.meetings.add_buyer)."""

    email = forms.EmailField(
        label=_("The buyer's e-mail address"),
        help_text=_("The address of their staff account on the portal."),
    )
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(listed=True).order_by("acronym")
        self.fields["agency"].label_from_instance = lambda agency: agency.label

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.user = User.objects.filter(email__iexact=email).first()
        if self.user is None:
            raise ValidationError(_("No account has this address."), code="unknown")
        return email
