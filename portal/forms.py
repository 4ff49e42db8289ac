from django import forms
from django.utils.translation import gettext_lazy as _

from core.countries import reading_order
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
