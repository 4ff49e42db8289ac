"""Counts of accounts for the program dashboard."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Language, User


def account_figures(*, now=None) -> dict:
    """Counts of accounts for the program dashboard, computed by the database in four queries.

    The users are counted with plain filtered counts over one scan of the users' table (no join: a
    join on the groups repeated a user who is in several groups and made every count a
    COUNT(DISTINCT), which sorted 250,000 ids six times); the program staff are the rows of the
    group's membership table, where a user appears once per group."""
    now = now or timezone.now()
    users = User.objects.aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(is_active=True)),
        last_30_days=Count("id", filter=Q(date_joined__gte=now - timedelta(days=30))),
        chinese=Count("id", filter=Q(language=Language.CHINESE)),
        english=Count("id", filter=Q(language=Language.ENGLISH)),
    )
    users["program_staff"] = User.groups.through.objects.filter(
        group__name=settings.PROGRAM_STAFF_GROUP
    ).count()
    users["verified"] = (
        EmailAddress.objects.filter(verified=True, primary=True).values("user").distinct().count()
    )
    users["with_two_factor"] = (
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user").distinct().count()
    )
    return users
