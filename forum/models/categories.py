from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A place for topics; who may see it and post in it follows its owner (forum.permissions)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0, editable=False)
    # A network, group or Innovation Zone (network.Group); none for a site-wide public category.
    # Who may see it, post in it and moderate it follows the owner (forum.permissions).
    owner = models.ForeignKey(
        "network.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_categories",
        verbose_name=_("owner"),
        help_text=_(
            "The network, group or Innovation Zone whose members use this category. "
            "Leave empty for a public category of the whole site."
        ),
    )
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

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", kwargs={"slug": self.slug})

    @property
    def is_site_wide(self) -> bool:
        """A public category of the whole site (the only kind with Atom feeds)."""
        return self.owner_id is None
