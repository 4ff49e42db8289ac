"""Expressions of interest: a supplier's company tells the buyer it means to respond to an open
notice, follows it by doing so (notices.following), and may withdraw until the deadline. Staff
see the interested companies and write to all of them through the alert outbox.

The notices app does not know the suppliers app: who the user's company is, and whether its
registration is approved, is given by the caller (the portal's pages) as an `InterestedCompany`;
the notice's own page asks the finder the portal registers (`register_company_finder`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_program_staff
from core.bilingual import in_reader_language
from notices import following
from notices.alerts import dispatch, reminders
from notices.alerts.models import DeliveryKind
from notices.interest_models import NOTE_MAX, Interest, InterestMessage
from notices.models import Notice


@dataclass(frozen=True)
class InterestedCompany:
    """What the rules need to know of the user's company (the suppliers app's Supplier)."""

    supplier_id: int
    name: str
    name_local: str
    approved: bool
    # Owners and editors speak for the company; a viewer of its account reads only.
    may_act: bool = True


# The user's company, found by the portal (portal.interest.interested_company, registered in
# PortalConfig.ready): the notice's page tells colleagues that their company is interested.
_company_finder: list[Callable] = []


def register_company_finder(finder: Callable) -> None:
    """`finder(user)` returns the user's `InterestedCompany`, or None."""
    _company_finder[:] = [finder]


def company_of(user) -> InterestedCompany | None:
    return _company_finder[0](user) if _company_finder else None


def check_may_express(notice: Notice, *, user, company: InterestedCompany | None) -> None:
    """ValidationError unless the user's company may express interest in the notice: the notice is
    open; the user is a supplier (not program staff) with a registered company, approved unless
    the notice takes any registered company."""
    if not notice.is_open:
        raise ValidationError(_("This notice is no longer open."), code="closed")
    if is_program_staff(user) or company is None:
        raise ValidationError(
            _("Only a supplier with a registered company can express interest."), code="no_company"
        )
    if not (company.approved or notice.interest_open_to_all):
        raise ValidationError(
            _("Your company's registration must be approved before you can express interest."),
            code="not_approved",
        )
    check_may_act(company)


def check_may_act(company: InterestedCompany) -> None:
    """ValidationError for a viewer of the company's account: its interests are the company's word."""
    if not company.may_act:
        raise ValidationError(
            _(
                "You can see your company's expressions of interest but not change them: ask its "
                "owner to make you an editor."
            ),
            code="viewer",
        )


@transaction.atomic
def express_interest(
    notice: Notice, *, user, company: InterestedCompany | None, note: str = ""
) -> Interest:
    """Record the company's interest (or change its note, when it is recorded already) and have
    the user follow the notice. Returns the interest."""
    check_may_express(notice, user=user, company=company)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note under %(max)s characters.") % {"max": NOTE_MAX}},
            code="note_too_long",
        )
    interest, _created = Interest.objects.update_or_create(
        notice=notice,
        supplier_id=company.supplier_id,
        defaults={
            "user": user,
            "note": note,
            "company_name": company.name,
            "company_name_local": company.name_local,
        },
    )
    following.follow(notice, user=user)
    return interest


@transaction.atomic
def withdraw_interest(
    notice: Notice, *, company: InterestedCompany, now: datetime | None = None
) -> int:
    """Withdraw the company's interest, until the deadline. The user keeps following the notice
    (they stop that on its own). Returns how many were withdrawn (0 or 1)."""
    check_may_act(company)
    now = now or timezone.now()
    if notice.deadline is None or notice.deadline <= now:
        raise ValidationError(
            _("The deadline has passed: the interest can no longer be withdrawn."), code="closed"
        )
    deleted, _detail = Interest.objects.filter(
        notice=notice, supplier_id=company.supplier_id
    ).delete()
    return deleted


def interest_summary(
    notice: Notice, *, user, company: InterestedCompany | None = None
) -> tuple[int, bool]:
    """How many companies are interested in the notice, and whether the user's company (any of
    its colleagues) or, without one, the user expressed interest in it, in one query."""
    if company is not None:
        own = Q(supplier_id=company.supplier_id)
    elif user.is_authenticated:
        own = Q(user_id=user.pk)
    else:
        own = Q(pk__in=[])
    counts = Interest.objects.filter(notice=notice).aggregate(
        count=Count("pk"), own=Count("pk", filter=own)
    )
    return counts["count"], counts["own"] > 0


def public_names(notice: Notice) -> list[str]:
    """The interested companies' names (in the reader's language), when the notice lists them
    publicly; otherwise none: nobody learns who is interested."""
    if not notice.interested_list_public:
        return []
    rows = Interest.objects.filter(notice=notice).order_by("company_name", "pk")
    return [in_reader_language(row.company_name, row.company_name_local) for row in rows]


def interests_in(notice: Notice) -> QuerySet:
    """The notice's interests, oldest first, with the users who expressed them."""
    return Interest.objects.filter(notice=notice).select_related("user").order_by("created_at")


def interests_of_company(supplier_id: int) -> QuerySet:
    """The company's interests, newest first, with their notices and agencies."""
    return (
        Interest.objects.filter(supplier_id=supplier_id)
        .select_related("notice__agency")
        .order_by("-created_at", "-pk")
    )


def message_interested(notice: Notice, *, subject: str, body: str, by) -> InterestMessage:
    """Store staff's message to the companies interested in the notice and write its outbox rows
    (one per user who expressed an interest), sent once the transaction commits."""
    subject, body = " ".join((subject or "").split()), (body or "").strip()
    if not subject or not body:
        raise ValidationError(_("Give a subject and a message."), code="empty")
    with transaction.atomic():
        message = InterestMessage.objects.create(
            notice=notice, subject=subject, body=body, sent_by=by
        )
        message.recipients = dispatch.queue_notice_message(
            notice,
            kind=DeliveryKind.INTERESTED,
            event=str(message.pk),
            audience=Q(pk__in=Interest.objects.filter(notice=notice).values("user_id")),
        )
        message.save(update_fields=["recipients"])
        transaction.on_commit(reminders.request_sending)
    return message
