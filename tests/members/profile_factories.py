import factory
from django.utils import timezone

from members.models import Library, Profile, Voivodeship
from tests.members.factories import UserFactory


class LibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Library

    name = factory.Sequence(lambda n: f"Miejska Biblioteka Publiczna nr {n}")
    city = "Konin"
    voivodeship = Voivodeship.WIELKOPOLSKIE


class ProfileFactory(factory.django.DjangoModelFactory):
    """A member who has completed onboarding."""

    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    handle = factory.Sequence(lambda n: f"member-{n}")
    display_name = factory.LazyAttribute(lambda p: p.user.get_full_name())
    voivodeship = Voivodeship.WIELKOPOLSKIE
    visibility = Profile.Visibility.PUBLIC
    onboarded_at = factory.LazyFunction(timezone.now)
