"""May the portal e-mail this user? One answer for every e-mail of the pipeline (routes, deadline
reminders, corrective-action reminders, and the sender's last check): the account is active, its
primary address is confirmed, and that address (compared without regard to case) has not refused
our mail permanently (SuppressedAddress, written by the sender on an SMTP 5xx answer).
"""

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from notices.alerts.models import SuppressedAddress


def reachable_users() -> QuerySet:
    """Users the portal may e-mail: active, with a confirmed primary address that is not suppressed."""
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), primary=True, verified=True)
    suppressed = SuppressedAddress.objects.filter(email__iexact=OuterRef("email"))
    return User.objects.filter(Exists(confirmed), ~Exists(suppressed), is_active=True)


def users_with_address(email: str) -> list[int]:
    return list(User.objects.filter(email__iexact=email).values_list("pk", flat=True))


def suppression_of(user) -> SuppressedAddress | None:
    return SuppressedAddress.objects.filter(email__iexact=user.email).first()


def request_reconfirmation(user, *, request) -> None:
    """The owner says their address works again: it is confirmed anew (allauth's confirmation
    e-mail), and the suppression is lifted when they follow the link (notices.alerts.receivers)."""
    address = EmailAddress.objects.get(user=user, primary=True)
    address.verified = False
    address.save(update_fields=["verified"])
    address.send_confirmation(request)


def unsuppress(email: str) -> int:
    """The owner confirmed the address again: mail may go to it."""
    return SuppressedAddress.objects.filter(email__iexact=email).delete()[0]
