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
    # Light or dark colours on every device they sign in on; empty follows the system's choice.
    theme = models.CharField(
        _("appearance"),
        max_length=8,
        blank=True,
        choices=[("light", _("Light")), ("dark", _("Dark"))],
    )
    # Posts without waiting for review even while the account is new: accounts an operator made
    # (`create_member`, the demo), whom the spam guard has no reason to doubt.
    is_trusted = models.BooleanField(_("trusted"), default=False)
    # Set when the member erased their account: the row stays (their posts point to it), with
    # every personal field blanked (members.services.personal_data.erase_account).
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("member account")
        verbose_name_plural = _("member accounts")

    def __str__(self) -> str:
        # Whatever shows an account by its text shows the public name, never the e-mail.
        return self.public_name

    @property
    def public_handle(self) -> str:
        """THE handle other people see and mention: the profile's (never the user name, which
        may be the e-mail's local part); empty once the account is erased."""
        if self.erased_at is not None:
            return ""
        profile = getattr(self, "profile", None)
        return profile.handle if profile is not None else f"member-{self.pk}"

    @property
    def public_name(self) -> str:
        """THE name other people see for this member, everywhere: the profile's display name,
        else the first and last name, else the profile's handle; "Deleted member" once erased.
        Never the e-mail address or its local part (the user name may be that local part)."""
        if self.erased_at is not None:
            return gettext("Deleted member")
        profile = getattr(self, "profile", None)
        if profile is not None and profile.display_name:
            return profile.display_name
        if full_name := self.get_full_name():
            return full_name
        if profile is not None:
            return profile.handle
        return gettext("Member %(number)s") % {"number": self.pk}
