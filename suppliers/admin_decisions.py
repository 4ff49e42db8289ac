"""The admin's three review decisions, shared by the queue's actions and the buttons of a profile's
change page: the form that asks for the note (or the reason), the call of suppliers.review that takes
the decision, and what the admin says once it is taken. The rules are suppliers.review's."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from suppliers import review
from suppliers.forms import ApproveForm, RejectForm, RequestChangesForm
from suppliers.models import RejectionReason, ReviewEvent, Supplier


@dataclass(frozen=True)
class Decision:
    name: str  # its button's value on the change page
    action: str  # the queue's action that takes it
    title: str  # its button
    form_class: type[forms.Form]  # asks for the note (or the reason)
    take: Callable[..., ReviewEvent]  # (supplier, *, by, data): the call of suppliers.review
    done: Callable[[int], str]  # what the admin says once it is taken for n profiles


def _approve(supplier: Supplier, *, by, data: dict) -> ReviewEvent:
    return review.approve(supplier, by=by, note=data["note"])


def _request_changes(supplier: Supplier, *, by, data: dict) -> ReviewEvent:
    return review.request_changes(supplier, by=by, note=data["note"])


def _reject(supplier: Supplier, *, by, data: dict) -> ReviewEvent:
    return review.reject(supplier, by=by, reason=data["reason"], note=data["note"])


DECISIONS = {
    "approve": Decision(
        name="approve",
        action="approve_selected",
        title=_("Approve"),
        form_class=ApproveForm,
        take=_approve,
        done=lambda n: (
            ngettext("%(count)d profile approved.", "%(count)d profiles approved.", n)
            % {"count": n}
        ),
    ),
    "request_changes": Decision(
        name="request_changes",
        action="request_changes",
        title=_("Request changes"),
        form_class=RequestChangesForm,
        take=_request_changes,
        done=lambda n: (
            ngettext(
                "Changes requested from %(count)d supplier.",
                "Changes requested from %(count)d suppliers.",
                n,
            )
            % {"count": n}
        ),
    ),
    "reject": Decision(
        name="reject",
        action="reject",
        title=_("Reject"),
        form_class=RejectForm,
        take=_reject,
        done=lambda n: (
            ngettext("%(count)d profile rejected.", "%(count)d profiles rejected.", n)
            % {"count": n}
        ),
    ),
}


class DecisionForm(forms.Form):
    """The change page's decision: one comment and, for a rejection, its reason; the button sent
    says which decision (each is then checked by its own form, as in the queue)."""

    note = forms.CharField(
        label=_("Comment to the supplier"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required to request changes, or to reject for “Other reason”. The supplier reads it "
            "in the e-mail and on their profile page."
        ),
    )
    reason = forms.ChoiceField(
        label=_("Reason (for a rejection)"),
        choices=[("", "—"), *RejectionReason.choices],
        required=False,
    )
