"""What a programme, event or campaign page shows beside its own text: its picture, the news about
it, and the forum category and zone whose meetups an editor links to it."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel

RELATED_NEWS = 3


class LinkedContent(models.Model):
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
        help_text=_(
            "Shown at the top of the page and on its card in lists; its description is the text"
            " for people who cannot see it."
        ),
    )
    forum_category = models.ForeignKey(
        "forum.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forum category"),
        help_text=_("Its latest topics are shown to those who may read them."),
    )
    zone = models.ForeignKey(
        "zones.ZonePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Innovation Zone"),
        help_text=_("Its upcoming meetups are shown on the page."),
    )

    class Meta:
        abstract = True

    @staticmethod
    def panel():
        return MultiFieldPanel(
            [
                FieldPanel("image"),
                FieldPanel("forum_category"),
                PageChooserPanel("zone", "zones.ZonePage"),
            ],
            heading=_("Picture and links"),
        )

    def related_news(self, count: int = RELATED_NEWS):
        """News marked as about this page (any of its translations), in this page's language."""
        # By name, not imported: content.py builds its page types on this mixin.
        news_pages = apps.get_model("network", "NewsArticlePage")
        return (
            news_pages.objects.live()
            .public()
            .filter(about__translation_key=self.translation_key, locale_id=self.locale_id)
            .defer_streamfields()
            .order_by("-date", "-pk")[:count]
        )
