import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from portal.models import User

PASSWORD = "correct-horse-battery-staple"


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


class ProgramStaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def program_staff_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name=settings.PROGRAM_STAFF_GROUP))


class AdminFactory(UserFactory):
    is_staff = True
    is_superuser = True
