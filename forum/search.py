"""The site search at /search/: one results page in sections, each a source searched separately.

Every source filters by the access policy before it counts or ranks, so a hidden thing is never
counted, let alone shown. Adding a source (profiles, CMS pages) is one function in SOURCES.
Documents and queries go through the same normalisation (network/core/search_words.py). On
PostgreSQL the post's stored tsvector is matched with full-text search (`simple` configuration,
GIN index, ts_rank); on SQLite, where the words are already normalised, a word-boundary LIKE per
word form is the equivalent (no FTS5 table to keep in step), ranked by how many of the query's
forms a post has. Only the newest MAX_RESULTS matches are counted and ranked, so a word found in
most posts costs the same on a forum of any size; beyond that the page says "more than
MAX_RESULTS".
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from forum import permissions, selectors
from forum.models import Post
from network.core.search_words import highlight, query_terms

MAX_QUERY_CHARS = 200
# Matches counted and ranked per source: ten pages of results.
MAX_RESULTS = 200


@dataclass
class Hit:
    title: SafeString
    url: str
    excerpt: SafeString
    context: str = ""
    author: str = ""
    created: object = None


@dataclass
class Section:
    key: str
    title: str
    page: Page
    hits: list[Hit] = field(default_factory=list)
    # More than MAX_RESULTS matches: only the newest MAX_RESULTS are counted and ranked.
    more: bool = False


def _tsquery(terms: list[frozenset[str]]) -> str:
    # Forms are \w+ only (network/core/search_words.py): quoting each keeps the syntax intact.
    return " & ".join(
        "(" + " | ".join(f"'{form}'" for form in sorted(forms)) + ")" for forms in terms
    )


def _search_query(terms: list[frozenset[str]]) -> SearchQuery:
    # `simple`, like the stored vector: the forms are already normalised (core/search_words.py).
    return SearchQuery(_tsquery(terms), search_type="raw", config="simple")


def _padded(qs: QuerySet[Post]) -> QuerySet[Post]:
    # SQLite: the document between spaces, so " form " matches whole words only.
    return qs.annotate(
        padded=Concat(Value(" "), "search_document", Value(" "), output_field=TextField())
    )


def match_posts(qs: QuerySet[Post], terms: list[frozenset[str]]) -> QuerySet[Post]:
    """Posts containing every query word (in any of its forms)."""
    if connection.vendor == "postgresql":
        return qs.filter(search_vector=_search_query(terms))
    qs = _padded(qs)
    for forms in terms:
        matches = Q()
        for form in forms:
            matches |= Q(padded__contains=f" {form} ")
        qs = qs.filter(matches)
    return qs


def rank_posts(qs: QuerySet[Post], terms: list[frozenset[str]]) -> QuerySet[Post]:
    """The posts best first (`rank`), for posts already found by `match_posts`."""
    if connection.vendor == "postgresql":
        qs = qs.annotate(rank=SearchRank(F("search_vector"), _search_query(terms)))
    else:
        score = Value(0, output_field=IntegerField())
        for forms in terms:
            for form in forms:
                # Each matching form scores: the word as typed beats one that only shares its lemma.
                found = Q(padded__contains=f" {form} ")
                score = score + Case(When(found, then=Value(1)), default=Value(0))
        qs = _padded(qs).annotate(rank=score)
    return qs.order_by("-rank", "-id")


def search_posts(viewer, terms, raw_page) -> Section:
    matches = match_posts(permissions.filter_posts(viewer, Post.objects.all()), terms)
    # The newest matches, one more than are ranked: the extra one only tells that there are more.
    newest = matches.order_by("-id").values("id")[: MAX_RESULTS + 1]
    ranked = list(
        rank_posts(Post.objects.filter(id__in=newest), terms).values_list("id", flat=True)
    )
    more = len(ranked) > MAX_RESULTS
    if more:
        ranked.remove(min(ranked))
    page = selectors.paginate(ranked, raw_page)
    posts = Post.objects.select_related("topic__category").in_bulk(page.object_list)
    hits = [
        Hit(
            title=highlight(post.topic.title, terms, length=300),
            url=post.get_absolute_url(),
            # An empty body: the text went with its author's account.
            excerpt=highlight(post.body_html, terms)
            if post.body
            else _("This post was removed when its author deleted their account."),
            context=post.topic.category.name,
            author=post.author_name,
            created=post.created,
        )
        # A post deleted since it was ranked is left out.
        for post in (posts.get(post_id) for post_id in page.object_list)
        if post is not None
    ]
    return Section(key="forum", title=_("Forum"), page=page, hits=hits, more=more)


# Each source: (viewer, terms, raw page number) → Section. The order is the order on the page.
SOURCES: list[Callable[..., Section]] = [search_posts]


def search(viewer, query: str, raw_page=None) -> tuple[list[frozenset[str]], list[Section]]:
    terms = query_terms(query[:MAX_QUERY_CHARS])
    if not terms:
        return terms, []
    return terms, [source(viewer, terms, raw_page) for source in SOURCES]
