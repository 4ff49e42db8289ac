"""Demo data for a local portal: accounts for each role. Running it again changes nothing."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Language, User


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    name: str
    language: str = Language.ENGLISH


DEMO_ACCOUNTS = [
    DemoAccount(
        "Supplier", "supplier@example.org", "supplier-demo-2026", "Li Wei", Language.CHINESE
    ),
    DemoAccount("Program staff", "staff@example.org", "staff-demo-2026", "Amina Diallo"),
    DemoAccount("Admin", "admin@example.org", "admin-demo-2026", "Admin"),
]


@transaction.atomic
def seed_accounts() -> list[DemoAccount]:
    """Create (or reset) the demo accounts with confirmed e-mail addresses and their roles."""
    staff_group = Group.objects.get(name=settings.PROGRAM_STAFF_GROUP)
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first() or User(email=account.email)
        user.name = account.name
        user.language = account.language
        user.is_active = True
        user.is_staff = account.role in {"Program staff", "Admin"}
        user.is_superuser = account.role == "Admin"
        user.set_password(account.password)
        user.save()
        if account.role == "Program staff":
            user.groups.add(staff_group)
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
    return DEMO_ACCOUNTS
