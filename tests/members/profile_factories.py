import factory
from django.utils import timezone

from members.models import Library, Profile, Voivodeship
from members.services.profiles import refresh_search_words
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
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    handle = factory.Sequence(lambda n: f"member-{n}")
    display_name = factory.LazyAttribute(lambda p: p.user.get_full_name())
    voivodeship = Voivodeship.WIELKOPOLSKIE
    visibility = Profile.Visibility.PUBLIC
    onboarded_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        """`expertise=[...]` sets the areas; the directory's search words follow, as the
        profile services keep them."""
        if create:
            if extracted:
                self.expertise.set(extracted)
            refresh_search_words(self)


def named_profile(name: str, **fields) -> Profile:
    """A member called `name` ("First Last") in every name field: a random first or last name
    could otherwise start like what a test types into a people search."""
    first, last = name.split()
    return ProfileFactory(display_name=name, user__first_name=first, user__last_name=last, **fields)
