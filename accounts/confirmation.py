"""The e-mail confirmation link, read after it has done its work."""

from allauth.account import app_settings
from allauth.account.models import EmailAddress
from django.core import signing


def is_already_confirmed(key: str) -> bool:
    """True when `key` is a genuine, unexpired confirmation key whose address is confirmed now
    (allauth's own look-up finds only addresses still waiting, and calls such a key invalid)."""
    max_age = 60 * 60 * 24 * app_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS
    try:
        pk = signing.loads(key, max_age=max_age, salt=app_settings.SALT)
    except signing.BadSignature:
        return False
    return EmailAddress.objects.filter(pk=pk, verified=True).exists()


def has_confirmed(user, email: str) -> bool:
    """Whether `email` (in any case) is one of the user's addresses, confirmed."""
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def confirmed_addresses(user) -> list[str]:
    """The user's confirmed addresses."""
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
