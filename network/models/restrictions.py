"""View restrictions of the site's pages, looked up in one query."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


class OneQueryRestrictionsMixin:
    """For every page type of the site: the view restrictions that apply to a page in one query.

    Wagtail asks for the ancestors first (to follow aliases to their source pages), then for
    the restrictions; the ancestors' paths follow from the page's own tree path, so one query
    with the same rule answers both.
    """

    def get_view_restrictions(self):
        steps = range(self.steplen, len(self.path) + 1, self.steplen)
        paths = [self.path[:end] for end in steps]
        aliases = Page.objects.filter(path__in=paths, alias_of__isnull=False)
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True)
            | Q(page__in=aliases.values("alias_of"))
        )


def without_view_restrictions(pages):
    """`pages` without those under a view restriction, inside the same query (Wagtail's
    `.public()` first reads every restriction in a query of its own): a restriction applies
    where its page's path is a prefix of the page's path."""
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restricted))
