"""Editorial page types: programmes, events, campaigns and news.

Every listing here shows only live pages without view restrictions (`.live().public()`): Wagtail
applies view restrictions only when a page is served, so a listing must filter them itself.
"""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from network.models.images import with_card_images
from network.models.linked import LinkedContent
from network.models.restrictions import OneQueryRestrictionsMixin
from network.site.blocks import BodyBlock, EventProgrammeBlock, OrganisationsBlock

__all__ = [
    "CampaignPage",
    "EventPage",
    "FeaturedProgramme",
    "NewsArticlePage",
    "NewsArticleTag",
    "NewsIndexPage",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "ProgrammeStatus",
]

EDITORIAL_PARENTS = ["network.HomePage", "network.StandardPage"]
NEWS_PER_PAGE = 10


class ProgrammeStatus(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    FINISHED = "finished", _("Finished")


class ProgrammeIndexPage(OneQueryRestrictionsMixin, Page):
    """The foundation's programmes, ongoing and finished, filterable by status (`?status=`)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["network.HomePage"]
    subpage_types = ["network.ProgrammePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("programme index")

    def programmes(self, status: str | None = None):
        programmes = with_card_images(
            ProgrammePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("-start_date", "title")
        )
        if status in ProgrammeStatus.values:
            programmes = programmes.filter(status=status)
        return programmes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        status = request.GET.get("status")
        status = status if status in ProgrammeStatus.values else None
        context["status"] = status
        context["statuses"] = ProgrammeStatus.choices
        context["programmes"] = self.programmes(status)
        return context


class ProgrammePage(OneQueryRestrictionsMixin, LinkedContent, Page):
    """A programme of the foundation: what it does, when, with whom and who funds it."""

    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ONGOING
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty while it has no end date.")
    )
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences, shown in the programme list.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    partners = StreamField(OrganisationsBlock(), blank=True, verbose_name=_("partners"))
    funders = StreamField(OrganisationsBlock(), blank=True, verbose_name=_("funders"))

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Status and dates"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("partners"),
        FieldPanel("funders"),
        LinkedContent.panel(),
    ]
    parent_page_types = ["network.ProgrammeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


class EventPage(OneQueryRestrictionsMixin, LinkedContent, Page):
    """A conference or congress: when, where, its programme and how to register."""

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=255, help_text=_("Venue and city, e.g. “National Library, Warsaw”.")
    )
    summary = models.TextField(_("summary"), blank=True)
    registration_url = models.URLField(
        _("registration link"), blank=True, help_text=_("Leave empty when registration is closed.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    programme = StreamField(EventProgrammeBlock(), blank=True, verbose_name=_("programme"))

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("place")]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("registration_url"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("programme"),
        LinkedContent.panel(),
    ]
    parent_page_types = EDITORIAL_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


class CampaignPage(OneQueryRestrictionsMixin, LinkedContent, Page):
    """A social campaign (All Digital Weeks, Night of Libraries, …) and how to take part."""

    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        FieldPanel("summary"),
        FieldPanel("body"),
        LinkedContent.panel(),
    ]
    parent_page_types = EDITORIAL_PARENTS
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")


class NewsIndexPage(OneQueryRestrictionsMixin, Page):
    """News, newest first; `?tag=` narrows to one tag."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["network.HomePage"]
    subpage_types = ["network.NewsArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def articles(self, tag: str | None = None):
        articles = (
            NewsArticlePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )
        if tag:
            articles = articles.filter(tags__slug=tag)
        return articles

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag") or None
        context["tag"] = tag
        context["articles"] = Paginator(self.articles(tag), NEWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "network.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsArticlePage(OneQueryRestrictionsMixin, Page):
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), help_text=_("Shown in the news list."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True, verbose_name=_("tags"))
    about = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about"),
        help_text=_("The programme, event or campaign this news is about: its page lists it."),
    )

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
        PageChooserPanel(
            "about", ["network.ProgrammePage", "network.EventPage", "network.CampaignPage"]
        ),
    ]
    parent_page_types = ["network.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


class FeaturedProgramme(Orderable):
    """A programme the editors chose for the home page."""

    page = ParentalKey("network.HomePage", on_delete=models.CASCADE, related_name="featured")
    programme = models.ForeignKey(
        ProgrammePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("programme")
    )

    panels = [PageChooserPanel("programme")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured programme")
        verbose_name_plural = _("featured programmes")
