from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OwnerKind(models.TextChoices):
    SITE = "site", _("The whole site (public)")
    # A network, group or Innovation Zone (network.Group): visibility follows the access policy.
    GROUP = "group", _("A network, group or zone")


class Category(models.Model):
    """A place for topics; who may see it and post in it follows its owner (forum.permissions)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0, editable=False)
    owner_kind = models.CharField(
        _("owner"), max_length=16, choices=OwnerKind.choices, default=OwnerKind.SITE
    )
    # The owning network.Group when owner_kind is "group" (becomes a ForeignKey when merged).
    owner_id = models.PositiveBigIntegerField(_("owning group"), null=True, blank=True)
    is_locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Only moderators may start topics.")
    )
    is_hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Only staff see a hidden category.")
    )
    # Denormalised; kept in the writing transaction, rebuilt by `manage.py forum_sync`.
    topic_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )  # fmt: skip
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_topic = models.ForeignKey(
        "forum.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )  # fmt: skip
    last_poster_name = models.CharField(max_length=150, blank=True, editable=False)

    sort_order_field = "position"

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                name="forum_category_owner_matches_kind",
                condition=models.Q(owner_kind="site", owner_id__isnull=True)
                | models.Q(owner_kind="group", owner_id__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", kwargs={"slug": self.slug})
