from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.services.consent import record_acceptance
from members.services.profiles import create_profile
from network.core.slugs import free_slug

User = get_user_model()


def _unique_username(email: str) -> str:
    return free_slug(
        User.objects, "username", email.split("@")[0], max_length=36, fallback="member"
    )


@transaction.atomic
def create_member(
    *,
    email: str,
    password: str = "",
    password_hash: str = "",
    name: str = "",
    staff: bool = False,
    validate: bool = True,
) -> User:
    """Create an account whose e-mail is already verified, with a complete profile.

    For operators and demo data. `password_hash` (already hashed) spares demo seeding one slow
    hash per account.
    """
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this e-mail address already exists."))
    first_name, _sep, last_name = name.strip().partition(" ")
    user = User(
        username=_unique_username(email),
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=staff,
        is_superuser=staff,
    )
    if password_hash:
        user.password = password_hash
    else:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    create_profile(user=user, display_name=name.strip(), complete=True)
    # Operators make these accounts knowingly, for people who agreed to join (docs/decisions.md).
    record_acceptance(user=user)
    return user


def remember_language(*, user, language: str) -> None:
    """The language the member last read the site in: their e-mails and digest use it."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
