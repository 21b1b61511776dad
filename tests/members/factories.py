import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class SignUpUserFactory(UserFactory):
    """A member made the way sign-up makes them: an e-mail only (no first or last name), the
    user name taken from the e-mail's local part, and the profile `create_profile` gives a new
    account; pass `profile__display_name` for a member who set a display name at onboarding."""

    username = factory.LazyAttribute(lambda user: user.email.split("@")[0])
    email = factory.Sequence(lambda n: f"jan.kowalski{n}@example.org")
    first_name = ""
    last_name = ""

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            from members.services.profiles import create_profile

            profile = create_profile(user=self)
            if kwargs.get("display_name"):
                profile.display_name = kwargs["display_name"]
                profile.save(update_fields=["display_name"])
