from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class SiteSitemap(Sitemap):
    """Every live, public page of the site in every language (Wagtail's own lists one tree)."""

    def items(self):
        root = self.get_wagtail_site().root_page
        pages = Page.objects.none()
        for translation in root.get_translations(inclusive=True):
            pages |= Page.objects.descendant_of(translation, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()
