from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account. E-mail is the login; the username is an internal, unique key."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # E-mails and notifications are written in this language.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Set when the member erased their account: the row stays (their posts point to it), with
    # every personal field blanked (members.services.personal_data.erase_account).
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("member account")
        verbose_name_plural = _("member accounts")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def public_name(self) -> str:
        """The name shown beside what the member wrote; "Deleted member" once erased."""
        if self.erased_at is not None:
            return gettext("Deleted member")
        profile = getattr(self, "profile", None)
        return (profile and profile.display_name) or self.get_full_name() or self.username
