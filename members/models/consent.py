from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyAcceptance(models.Model):
    """A member accepted a version of the privacy policy or the terms (network.LegalPage)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acceptances"
    )
    kind = models.CharField(_("kind"), max_length=16)  # network.LegalKind
    version = models.PositiveIntegerField(_("version"))
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "version"], name="members_accept_a_version_once"
            )
        ]
        verbose_name = _("policy acceptance")
        verbose_name_plural = _("policy acceptances")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} v{self.version}"
