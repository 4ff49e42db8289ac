"""The team page's forms (suppliers.team_views)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from suppliers.models import TeamRole

ROLE_CHOICES = [
    (
        TeamRole.EDITOR.value,
        _("Editor: changes the profile, documents, assessment and action plan"),
    ),
    (TeamRole.VIEWER.value, _("Viewer: reads everything, changes nothing")),
]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Their e-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=TeamRole.VIEWER)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        help_text=_("The e-mail is written in this language."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)


class AskForm(forms.Form):
    """The company a person found already registered (the start page's refused registration)."""

    country = forms.CharField(max_length=2)
    registration_number = forms.CharField(max_length=64)
