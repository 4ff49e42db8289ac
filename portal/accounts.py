"""Rules about accounts that several callers share: preferences and the figures staff follow."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from portal.models import Language, User


def set_language(user: User, *, language: str) -> User:
    """Save the user's preferred language (pages and e-mails use it)."""
    if language not in Language.values:
        raise ValueError(f"Unknown language {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def account_figures(*, now=None) -> dict:
    """Counts of accounts for the program dashboard, computed by the database in three queries."""
    now = now or timezone.now()
    users = User.objects.aggregate(
        # distinct: the join on groups repeats a user who is in several groups.
        total=Count("id", distinct=True),
        active=Count("id", filter=Q(is_active=True), distinct=True),
        last_30_days=Count(
            "id", filter=Q(date_joined__gte=now - timedelta(days=30)), distinct=True
        ),
        chinese=Count("id", filter=Q(language=Language.CHINESE), distinct=True),
        english=Count("id", filter=Q(language=Language.ENGLISH), distinct=True),
        program_staff=Count(
            "id", filter=Q(groups__name=settings.PROGRAM_STAFF_GROUP), distinct=True
        ),
    )
    users["verified"] = (
        EmailAddress.objects.filter(verified=True, primary=True).values("user").distinct().count()
    )
    users["with_two_factor"] = (
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user").distinct().count()
    )
    return users
