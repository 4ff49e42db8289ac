import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.contrib.auth.models import Group

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"
# The authenticator-app secret of every test account with a second factor (base32).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def add_second_factor(user) -> None:
    """Turn on the authenticator app (TOTP) for `user`, with TOTP_SECRET."""
    TOTP.activate(user, TOTP_SECRET)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app shows now for `secret`."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up user whose e-mail address is confirmed (allauth's EmailAddress row)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )


class StaffFactory(UserFactory):
    """Staff have the second factor the portal requires of them: pass `second_factor=False` for
    one without (the authenticator app is then turned on in the test, or refused)."""

    is_staff = True

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            add_second_factor(obj)


class ProgramStaffFactory(StaffFactory):
    """A member of the Program staff group, with a second factor."""

    @factory.post_generation
    def program_staff_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=settings.PROGRAM_STAFF_GROUP))


class AdminFactory(StaffFactory):
    """An admin, with a second factor."""

    is_superuser = True
