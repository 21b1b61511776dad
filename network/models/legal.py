from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from network.models.restrictions import OneQueryRestrictionsMixin


class LegalKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of use")


class LegalPage(OneQueryRestrictionsMixin, Page):
    """The privacy policy or the terms: members accept the version in force (members.consent).

    The editor raises `version` when a change must be accepted again; signed-in members are then
    asked to accept before they go on. Fixing a typo keeps the version.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=LegalKind.choices)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Raise it when members must accept this change again; keep it for small corrections."
        ),
    )
    body = RichTextField(_("text"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("version"),
        HelpPanel(_("Publishing a higher version asks every signed-in member to accept it.")),
        FieldPanel("body"),
    ]
    parent_page_types = ["network.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("privacy policy or terms")
        verbose_name_plural = _("privacy policies and terms")
