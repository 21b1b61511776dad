from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from network.models.restrictions import OneQueryRestrictionsMixin, without_view_restrictions
from network.site.blocks import BodyBlock


class HomePage(OneQueryRestrictionsMixin, Page):
    """The site's front page: the mission, featured programmes, the latest news, the join call."""

    intro = RichTextField(
        _("mission"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("What the network is for, in two or three sentences."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hero image"),
        help_text=_("A wide picture beside the mission, shown to visitors."),
    )
    hero_button = models.CharField(
        _("hero button text"),
        max_length=60,
        blank=True,
        help_text=_("The call to join under the mission; empty: “Join the network”."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    join_title = models.CharField(_("join call heading"), max_length=120, blank=True)
    join_text = models.TextField(
        _("join call text"), blank=True, help_text=_("Shown to visitors who are not signed in.")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_button"),
            ],
            heading=_("Hero"),
        ),
        InlinePanel("featured", label=_("Featured programmes"), max_num=6),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("join_title"), FieldPanel("join_text")], heading=_("Join call")
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def route_request(cls, request, path: str) -> None:
        """Finds the page for Wagtail's serve() and keeps it where serve() looks first
        (request._wagtail_route_for_request). The home page's address in the active language
        comes from Wagtail's cached site root paths, so a page below it is found in two queries
        (the pages, then the type's fields); the home page itself in one, with its locale.
        Leaves the request to Wagtail when the site's root is not such a home page."""
        site = Site.find_for_request(request)
        if site is None:
            return
        try:
            language = get_supported_content_language_variant(get_language())
        except LookupError:
            return
        home_path = next(
            (
                root.root_path
                for root in Site.get_site_root_paths()
                if root.site_id == site.pk and root.language_code == language
            ),
            None,
        )
        if home_path is None:
            return
        components = [component for component in path.split("/") if component]
        if components and (page := cls._live_page_below(home_path, components)):
            request._wagtail_route_for_request = RouteResult(page)
            return
        home = cls.objects.filter(url_path=home_path, live=True).select_related("locale").first()
        if home is None:
            return
        try:
            request._wagtail_route_for_request = home.route(request, components)
        except Http404:
            request._wagtail_route_for_request = None

    def route(self, request, path_components):
        if path_components and (
            page := self._live_page_below(self.url_path, path_components, home=self)
        ):
            return RouteResult(page)
        # A page not yet translated into this language is served from the default language's
        # tree, so the visitor keeps the page with the interface in the language they chose.
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components or self.locale.language_code == settings.LANGUAGE_CODE:
                raise
            original = (
                self.get_translations()
                .filter(locale__language_code=settings.LANGUAGE_CODE)
                .specific()
                .first()
            )
            if original is None:
                raise
            return original.route(request, path_components)

    @classmethod
    def _live_page_below(cls, home_path: str, path_components, home=None):
        """The live page at this address below the home page whose `url_path` is `home_path`,
        with its parent (breadcrumbs ask for it), found in two queries where Wagtail asks two per
        level; None leaves it to Wagtail. `home`: the home page when the caller has it; else it
        is read with the page and must be live.

        Holds while no page type below the home page routes by itself (RoutablePageMixin or
        its own route()): each level's route is then Wagtail's, which walks the slugs that
        `url_path` records (unique: they start with the home page's, unique below the root).
        """
        url_path = home_path + "/".join(path_components) + "/"
        parent_path = home_path + "".join(f"{part}/" for part in path_components[:-1])
        wanted = {url_path, parent_path} | (set() if home else {home_path})
        found = {
            page.url_path: page
            for page in Page.objects.filter(url_path__in=wanted).select_related("locale")
        }
        if home is not None:
            found[home_path] = home
        page, parent, root = found.get(url_path), found.get(parent_path), found.get(home_path)
        if page is None or parent is None or root is None or not (page.live and root.live):
            return None
        # A page type may name what its page always shows with it (`route_related`).
        related = getattr(page.specific_class, "route_related", ())
        if related:
            specific = page.specific_class.objects.select_related(*related).get(pk=page.pk)
        else:
            specific = page.specific
        specific.locale = page.locale  # the language switcher and `lang` read it
        specific._cached_parent_obj = parent  # treebeard's get_parent() reads it
        return specific

    def featured_programmes(self) -> list:
        """The chosen programmes in this page's language where translated, in the chosen order."""
        from network.models.content import FeaturedProgramme, ProgrammePage
        from network.models.images import with_card_images

        chosen = list(
            FeaturedProgramme.objects.filter(page=self)
            .order_by("sort_order")
            .values_list("programme__translation_key", flat=True)
        )
        programmes = with_card_images(
            without_view_restrictions(ProgrammePage.objects.live())
            .filter(translation_key__in=chosen)
            .select_related("locale")  # each card says its language when it is a fallback
        )
        by_key: dict = {}
        for programme in programmes.defer_streamfields():
            # Prefer this page's locale; otherwise keep whichever translation is live.
            if programme.locale_id == self.locale_id or programme.translation_key not in by_key:
                by_key[programme.translation_key] = programme
        return [by_key[key] for key in chosen if key in by_key]

    def latest_news(self, count: int = 3):
        from network.models.content import NewsArticlePage

        return (
            without_view_restrictions(NewsArticlePage.objects.descendant_of(self).live())
            .defer_streamfields()
            .order_by("-date", "-pk")[:count]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_programmes"] = self.featured_programmes()
        context["latest_news"] = self.latest_news()
        return context


class StandardPage(OneQueryRestrictionsMixin, Page):
    """An editorial page: about, accessibility statement, contact, …"""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")
