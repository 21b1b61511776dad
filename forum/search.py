"""The site search at /search/: one results page in sections, each a source searched separately.

Every source filters by the access policy before it counts or ranks, so a hidden thing is never
counted, let alone shown. Adding a source (profiles, CMS pages) is one function in SOURCES.
Documents and queries go through the same normalisation (forum/text.py). On PostgreSQL the
stored document is matched with full-text search (`simple` configuration, GIN index, ts_rank); on
SQLite, where the words are already normalised, a word-boundary LIKE per word form is the
equivalent (no FTS5 table to keep in step), ranked by how many of the query's forms a post has.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.paginator import Page
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from forum import permissions, selectors
from forum.models import Post
from forum.text import highlight, query_terms

MAX_QUERY_CHARS = 200


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


class _SimpleVector(Func):
    # Exactly the indexed expression (forum/migrations/0002), so PostgreSQL uses the GIN index.
    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def _tsquery(terms: list[frozenset[str]]) -> str:
    # Forms are \w+ only (forum/text.py), so quoting each is enough to keep the syntax intact.
    return " & ".join(
        "(" + " | ".join(f"'{form}'" for form in sorted(forms)) + ")" for forms in terms
    )


def match_posts(qs: QuerySet[Post], terms: list[frozenset[str]]) -> QuerySet[Post]:
    """Posts containing every query word (in any of its forms), best first."""
    if connection.vendor == "postgresql":
        query = SearchQuery(_tsquery(terms), search_type="raw", config="simple")
        vector = _SimpleVector(F("search_document"))
        return (
            qs.annotate(document=vector)
            .filter(document=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-id")
        )
    qs = qs.annotate(
        padded=Concat(Value(" "), "search_document", Value(" "), output_field=TextField())
    )
    score = Value(0, output_field=IntegerField())
    for forms in terms:
        matches = Q()
        for form in forms:
            found = Q(padded__contains=f" {form} ")
            matches |= found
            # Each matching form scores: the word as typed beats one that only shares its lemma.
            score = score + Case(When(found, then=Value(1)), default=Value(0))
        qs = qs.filter(matches)
    return qs.annotate(rank=score).order_by("-rank", "-id")


def search_posts(user, terms, raw_page) -> Section:
    posts = permissions.filter_posts(user, Post.objects.all())
    posts = match_posts(posts, terms).select_related("topic__category")
    page = selectors.paginate(posts, raw_page)
    hits = [
        Hit(
            title=highlight(post.topic.title, terms, length=300),
            url=post.get_absolute_url(),
            excerpt=highlight(post.body_html, terms),
            context=post.topic.category.name,
            author=post.author_name,
            created=post.created,
        )
        for post in page.object_list
    ]
    return Section(key="forum", title=_("Forum"), page=page, hits=hits)


# Each source: (user, terms, raw page number) → Section. The order is the order on the page.
SOURCES: list[Callable[..., Section]] = [search_posts]


def search(user, query: str, raw_page=None) -> tuple[list[frozenset[str]], list[Section]]:
    terms = query_terms(query[:MAX_QUERY_CHARS])
    if not terms:
        return terms, []
    return terms, [source(user, terms, raw_page) for source in SOURCES]
