"""Reads for the forum pages: each a constant number of queries, whatever the page lists."""

import re
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404

from forum import permissions
from forum.models import (
    Category,
    Flag,
    Post,
    PostRevision,
    Reaction,
    ReactionKind,
    ReadState,
    Subscription,
    Tag,
    Topic,
)
from members.selectors import named_from

User = get_user_model()
PER_PAGE = 20


def page_number(raw) -> int:
    """Any page parameter → a positive integer (out-of-range numbers are clamped by `paginate`)."""
    try:
        return max(1, int(str(raw)[:9]))
    except (TypeError, ValueError):
        return 1


class CountedPaginator(Paginator):
    """A paginator given its total (see `category_page_state`) rather than counting the rows."""

    def __init__(self, object_list, per_page: int, *, count: int):
        super().__init__(object_list, per_page, allow_empty_first_page=True)
        self.given_count = count

    @property
    def count(self) -> int:
        return self.given_count

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # Cut by the page size, not by the total: should the counter ever lag behind the rows
        # (a topic written outside the services), the page still shows every topic it holds.
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def paginate(qs, raw_page, per_page: int = PER_PAGE, *, count: int | None = None) -> Page:
    if count is None:
        paginator = Paginator(qs, per_page, allow_empty_first_page=True)
    else:
        paginator = CountedPaginator(qs, per_page, count=count)
    return paginator.page(min(page_number(raw_page), paginator.num_pages))


def unread_topics(viewer, qs: QuerySet[Topic]) -> QuerySet[Topic]:
    """Topics with a post after the member's read position (only activity since they joined)."""
    read_to_end = ReadState.objects.filter(
        user=viewer.user, topic=OuterRef("pk"), last_read_post_id__gte=OuterRef("last_post_id")
    )
    return qs.filter(last_post_at__gt=viewer.user.date_joined).exclude(Exists(read_to_end))


def index_categories(viewer) -> list[Category]:
    categories = permissions.filter_categories(viewer, Category.objects.all()).select_related(
        "last_topic"
    )
    if viewer.is_authenticated:
        unread = (
            unread_topics(viewer, permissions.filter_topics(viewer, Topic.objects.all()))
            .filter(category=OuterRef("pk"))
            .order_by()
            .values("category")
            .annotate(n=Count("id"))
            .values("n")
        )
        categories = categories.annotate(
            unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
        )
    return list(categories)


MAX_REPLIERS = 4
# Recent posts read per topic to find MAX_REPLIERS distinct repliers (some write twice in a row).
REPLIER_POSTS = 12


def attach_repliers(topics: list[Topic]) -> None:
    """Give each topic `repliers`: up to MAX_REPLIERS recent repliers other than the poster, the
    latest last, as {"id", "name", "photo"}, for the whole list in one query. Only published
    posts count (no held, hidden or deleted ones), and names are the posts' own snapshots, shown
    to everyone who may read the topic."""
    recent = (
        Post.objects.filter(
            topic__in=[topic.pk for topic in topics],
            is_held=False,
            is_hidden=False,
            is_deleted=False,
            author__isnull=False,
        )
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("topic_id")], order_by=F("pk").desc()),
            photo=F("author__profile__avatar"),
        )
        .filter(rank__lte=REPLIER_POSTS)
        .order_by("topic_id", "-pk")
        .values_list("topic_id", "author_id", "author_name", "photo")
    )
    by_topic: dict[int, dict[int, dict]] = {}
    for topic_id, author_id, name, photo in recent if topics else []:
        people = by_topic.setdefault(topic_id, {})
        if author_id not in people:
            people[author_id] = {"id": author_id, "name": name, "photo": photo}
    for topic in topics:
        people = by_topic.get(topic.pk, {})
        latest = [p for p in people.values() if p["id"] != topic.author_id][:MAX_REPLIERS]
        topic.repliers = latest[::-1]


def category_topics(viewer, category: Category) -> QuerySet[Topic]:
    topics = permissions.filter_category_topics(
        viewer, category, Topic.objects.filter(category=category)
    )
    # The poster's avatar comes in the same query (a join); the repliers' from attach_repliers.
    topics = topics.prefetch_related("tags").annotate(author_photo=F("author__profile__avatar"))
    return _with_read_state(viewer, topics)


def _with_read_state(viewer, topics: QuerySet[Topic]) -> QuerySet[Topic]:
    """Each topic with the member's read position (`last_read`, None if never read) and how
    many posts came after it (`unread_count`)."""
    if not viewer.is_authenticated:
        return topics
    last_read = ReadState.objects.filter(user=viewer.user, topic=OuterRef("pk")).values(
        "last_read_post_id"
    )[:1]
    topics = topics.annotate(last_read=Subquery(last_read))
    unread_posts = (
        Post.objects.filter(
            topic=OuterRef("pk"),
            id__gt=OuterRef("last_read"),
            is_held=False,
            is_hidden=False,
            is_deleted=False,
        )
        .order_by()
        .values("topic")
        .annotate(n=Count("id"))
        .values("n")
    )
    return topics.annotate(
        unread_count=Coalesce(Subquery(unread_posts, output_field=IntegerField()), Value(0))
    )


# Written out for the same reason as the topic's facts below: on every kept category page.
_READ_STATES = """
SELECT r.topic_id, r.last_read_post_id,
  (SELECT COUNT(*) FROM {post} p WHERE p.topic_id = r.topic_id AND p.id > r.last_read_post_id
     AND NOT p.is_held AND NOT p.is_hidden AND NOT p.is_deleted)
FROM {readstate} r
WHERE r.user_id = %s AND r.topic_id IN ({topics})
"""


def read_states(viewer, topic_ids: list[int]) -> dict[int, tuple[int | None, int]]:
    """The member's read position and unread count (`_with_read_state`'s) in each of these
    topics they have read (listed on a page they already may see): one query."""
    if not viewer.is_authenticated or not topic_ids:
        return {}
    sql = _READ_STATES.format(
        post=Post._meta.db_table,
        readstate=ReadState._meta.db_table,
        topics=", ".join(["%s"] * len(topic_ids)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [viewer.user_id, *topic_ids])
        return {pk: (last_read, unread) for pk, last_read, unread in cursor.fetchall()}


@dataclass
class CategoryPageState:
    topic_count: int  # the topics of the category this viewer sees, for the pages
    watching: bool


# Whether the category has topics outside its public list at all (held, hidden or deleted: the
# partial index forum_topic_unlisted holds just those), and the member's subscription. Written
# out like the topic's facts below: on every category page.
_CATEGORY_FACTS = """
SELECT
  EXISTS (
    SELECT 1 FROM {topic}
    WHERE category_id = %(category)s AND (is_held OR is_hidden OR is_deleted)
  ),
  EXISTS (SELECT 1 FROM {subscription} WHERE user_id = %(user)s AND category_id = %(category)s)
"""


def category_page_state(viewer, category: Category) -> CategoryPageState:
    """How many topics of the category the viewer sees, without counting them one by one, and
    whether the member watches it.

    The publicly listed ones are counted when written (Category.topic_count); only those the
    viewer sees besides (their own held topics; for a moderator the hidden and deleted ones) are
    counted here, and only when the category has any.
    """
    sql = _CATEGORY_FACTS.format(
        topic=Topic._meta.db_table, subscription=Subscription._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"category": category.pk, "user": viewer.user_id})
        has_unlisted, watching = cursor.fetchone()
    count = category.topic_count
    if has_unlisted:
        unlisted = Topic.objects.filter(category=category).filter(
            Q(is_held=True) | Q(is_hidden=True) | Q(is_deleted=True)
        )
        count += permissions.filter_category_topics(viewer, category, unlisted).count()
    return CategoryPageState(topic_count=count, watching=bool(watching))


@dataclass
class TopicPageState:
    post_count: int  # the posts this viewer may see, for the pages
    has_tags: bool
    last_read: int | None  # the member's read position, None if never read
    watching: bool
    last_post_id: int | None  # the last post the viewer may see
    # Whether the member wrote or reacted to a post here: the page shows their own content.
    own_content: bool

    @property
    def unread_after(self) -> int | None:
        """The read position as the topic's pages show it: None when nothing is marked unread
        (never read, or read to the end)."""
        if self.last_read is None or self.last_post_id is None:
            return None
        return self.last_read if self.last_read < self.last_post_id else None


# Whether a topic has tags, and a member's own rows about it (none for a visitor: no row has a
# NULL user). Written out: the ORM took seven times as long to build this query as the database
# took to answer it, on every topic page (docs/decisions.md).
_TOPIC_FACTS = """
SELECT
  EXISTS (SELECT 1 FROM {tags} WHERE topic_id = %(topic)s),
  (SELECT last_read_post_id FROM {readstate} WHERE user_id = %(user)s AND topic_id = %(topic)s),
  EXISTS (SELECT 1 FROM {subscription} WHERE user_id = %(user)s AND topic_id = %(topic)s),
  EXISTS (SELECT 1 FROM {emailaddress} WHERE user_id = %(user)s AND verified),
  EXISTS (SELECT 1 FROM {post} WHERE author_id = %(user)s AND topic_id = %(topic)s),
  EXISTS (
    SELECT 1 FROM {reaction} JOIN {post} ON {post}.id = {reaction}.post_id
    WHERE {reaction}.user_id = %(user)s AND {post}.topic_id = %(topic)s
  )
"""


def _topic_facts(user_id: int | None, topic_id: int) -> tuple:
    """(has tags, read position, watching, verified e-mail, wrote here, reacted here)."""
    sql = _TOPIC_FACTS.format(
        tags=Topic.tags.through._meta.db_table,
        readstate=ReadState._meta.db_table,
        subscription=Subscription._meta.db_table,
        emailaddress=EmailAddress._meta.db_table,
        post=Post._meta.db_table,
        reaction=Reaction._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"user": user_id, "topic": topic_id})
        return cursor.fetchone()


def topic_page_state(viewer, topic: Topic) -> TopicPageState:
    """What the topic page needs beside its posts, in one query: whether the topic has tags, how
    many posts the viewer may see and the last of them, and for a member their read position,
    subscription and whether they wrote or reacted here. For most readers (not moderating the
    category, nothing of theirs in the topic) the posts they may see are the public ones, which
    the topic's counters count; for the others they are counted in a second query."""
    has_tags, last_read, watching, verified, wrote, reacted = _topic_facts(viewer.user_id, topic.pk)
    if viewer.is_authenticated:
        # Asked here so the reply form's permission check needs no query of its own.
        viewer.note_email_verified(bool(verified))
    own_content = bool(wrote or reacted)
    if own_content or permissions.can_moderate(viewer, topic.category):
        visible = topic_posts(viewer, topic).aggregate(count=Count("pk"), last=Max("pk"))
        post_count, last_post_id = visible["count"], visible["last"]
    else:
        post_count, last_post_id = topic.reply_count + 1, topic.last_post_id
    return TopicPageState(
        post_count=post_count,
        has_tags=bool(has_tags),
        last_read=last_read,
        watching=bool(watching),
        last_post_id=last_post_id,
        own_content=own_content,
    )


def read_state(viewer, topic: Topic) -> ReadState | None:
    if not viewer.is_authenticated:
        return None
    return ReadState.objects.filter(user=viewer.user, topic=topic).first()


def topic_posts(viewer, topic: Topic) -> QuerySet[Post]:
    return permissions.filter_topic_posts(viewer, topic, Post.objects.filter(topic=topic))


def answer_post(viewer, topic: Topic, posts: list[Post]) -> Post | None:
    """The accepted answer of a question, if the viewer may see it: from the page's posts when
    it is among them, else in one query."""
    if not topic.answer_id:
        return None
    for post in posts:
        if post.pk == topic.answer_id:
            return post
    return topic_posts(viewer, topic).filter(pk=topic.answer_id).first()


MAX_PARTICIPANTS = 12
MAX_LINKS = 10
_LINK = re.compile(r'<a href="(https?://[^"]+)"')


def topic_summary(viewer, topic: Topic) -> tuple[list[dict], list[dict]]:
    """Who took part in the topic (most posts first) and the web links its posts give, among
    the posts the viewer may see: one query. Names are the posts' own name snapshots, shown
    beside those posts already."""
    rows = (
        topic_posts(viewer, topic)
        .filter(body__gt="")
        .order_by("pk")
        .values_list("author_id", "author_name", "author__profile__avatar", "body_html")
    )
    people: dict = {}
    links: dict[str, int] = {}
    for author_id, name, photo, html in rows:
        person = people.setdefault(
            author_id, {"id": author_id, "name": name, "photo": photo, "posts": 0}
        )
        person["posts"] += 1
        for url in _LINK.findall(html):
            links[url] = links.get(url, 0) + 1
    participants = sorted(people.values(), key=lambda person: -person["posts"])
    popular = sorted(links.items(), key=lambda item: -item[1])[:MAX_LINKS]
    return participants[:MAX_PARTICIPANTS], [{"url": url, "count": n} for url, n in popular]


def page_of_post(viewer, post: Post) -> int:
    before = topic_posts(viewer, post.topic).filter(id__lt=post.pk).count()
    return before // PER_PAGE + 1


def first_unread_post(viewer, topic: Topic) -> Post | None:
    state = read_state(viewer, topic)
    posts = topic_posts(viewer, topic).only("id", "topic_id")
    if state is not None:
        first = posts.filter(id__gt=state.last_read_post_id).first()
        if first is not None:
            return first
        return posts.last()
    return posts.first()


# Each kind's picture in the icon sprite (static/vendor/lucide/sprite.svg).
REACTION_ICONS = {
    ReactionKind.LIKE: "thumbs-up",
    ReactionKind.THANKS: "heart",
    ReactionKind.INSIGHTFUL: "lightbulb",
    ReactionKind.FUNNY: "party-popper",
}


@dataclass
class ReactionCount:
    kind: str
    label: str
    icon: str
    count: int
    mine: bool
    names: list[str]  # who reacted, among the people the viewer may see

    @property
    def unnamed(self) -> int:
        return self.count - len(self.names)


def attach_reactions(viewer, posts: list[Post]) -> None:
    """Give each post a `reaction_counts` list (every kind, in order) with who reacted, in two
    queries: the reactions, then the names of the reactors the viewer may see."""
    rows = list(
        Reaction.objects.filter(post__in=[post.pk for post in posts])
        .order_by("created", "pk")
        .values_list("post_id", "kind", "user_id")
    )
    names = {}
    if rows:
        reactors = User.objects.filter(pk__in={user_id for _post, _kind, user_id in rows})
        shown = permissions.filter_people_shown_to(viewer, reactors).select_related("profile")
        names = {user.pk: user.public_name for user in shown}
    table: dict[tuple[int, str], list[int]] = {}
    for post_id, kind, user_id in rows:
        table.setdefault((post_id, kind), []).append(user_id)
    for post in posts:
        post.reaction_counts = []
        for kind, label in ReactionKind.choices:
            users = table.get((post.pk, kind), [])
            post.reaction_counts.append(
                ReactionCount(
                    kind=kind,
                    label=label,
                    icon=REACTION_ICONS[kind],
                    count=len(users),
                    mine=viewer.is_authenticated and viewer.user_id in users,
                    names=[names[user_id] for user_id in users if user_id in names],
                )
            )
        post.reacted = any(reaction.count for reaction in post.reaction_counts)


def quote_text(post: Post) -> str:
    quoted = "\n".join(f"> {line}" if line else ">" for line in post.body.splitlines())
    return f"**{post.author_name}**:\n{quoted}\n\n"


def mention_candidates(viewer, topic: Topic, prefix: str, *, limit: int = 8) -> list:
    """Members `user` may name in `topic`, by the start of their handle or name (never of their
    user name, which may be their e-mail's local part), each with its profile and library loaded."""
    found = named_from(User.objects.filter(is_active=True), prefix)
    found = permissions.filter_people_shown_to(viewer, found).select_related("profile__library")
    return permissions.filter_members_who_see(
        topic, found.order_by("profile__handle")[: limit * 4]
    )[:limit]


def tagged_topics(viewer, tag) -> QuerySet[Topic]:
    return permissions.filter_topics(viewer, tag.topics.all()).select_related("category")


def tag(slug: str) -> Tag:
    found = Tag.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def revisions(post: Post) -> QuerySet[PostRevision]:
    return PostRevision.objects.filter(post=post)


def moderation_queue(viewer) -> tuple[list[Flag], list[Post]]:
    """Open flags and held posts in the categories the member moderates."""
    categories = permissions.filter_moderated_categories(viewer, Category.objects.all())
    flags = (
        Flag.objects.filter(is_resolved=False, post__topic__category__in=categories)
        .select_related("post__topic")
        .order_by("created")[:100]
    )
    held = (
        Post.objects.filter(is_held=True, is_deleted=False, topic__category__in=categories)
        .select_related("topic")
        .order_by("created")[:100]
    )
    return list(flags), list(held)


def moderation_queue_count(viewer) -> int:
    """How many open flags and held posts wait in the categories the member moderates."""
    categories = permissions.filter_moderated_categories(viewer, Category.objects.all())
    flags = Flag.objects.filter(is_resolved=False, post__topic__category__in=categories).count()
    held = Post.objects.filter(
        is_held=True, is_deleted=False, topic__category__in=categories
    ).count()
    return flags + held


def recent_activity(viewer, author_id: int, *, limit: int = 5) -> list[Post]:
    """The author's latest posts the viewer may see (profile pages), with their topics.

    A post that opened its topic stands for the topic (`post.started_topic`).
    """
    posts = permissions.filter_posts(viewer, Post.objects.filter(author_id=author_id))
    latest = list(posts.select_related("topic").order_by("-created", "-pk")[:limit])
    for post in latest:
        post.started_topic = post.topic.first_post_id == post.pk
    return latest


def latest_topics(viewer, *, owner=None, limit: int = 5) -> list[Topic]:
    """The most recently active topics the viewer may see, site-wide or of one group's categories.

    `owner` (a network, group or zone) narrows to the categories it owns; what the viewer may not
    see is filtered out before the limit, so a private group's topics never fill the list.
    """
    if owner is None:
        topics = permissions.filter_topics(viewer, Topic.objects.all())
    else:
        topics = permissions.filter_owner_topics(viewer, owner, Topic.objects.all())
    topics = topics.select_related("category")
    return list(topics.order_by("-last_post_at", "-id")[: max(1, min(int(limit), 20))])


def topics_in_groups(viewer, group_ids, *, limit: int = 6) -> list[Topic]:
    """The newest topics in the categories of the member's groups (their start page)."""
    topics = Topic.objects.filter(category__owner_id__in=group_ids)
    topics = permissions.filter_topics(viewer, topics).select_related("category")
    return list(topics.order_by("-created", "-id")[:limit])


def watched_with_replies(viewer, *, limit: int = 5) -> list[Topic]:
    """Topics the member watches (or whose category they watch) with posts they have not read."""
    watched = Topic.objects.filter(
        Q(subscriptions__user=viewer.user) | Q(category__subscriptions__user=viewer.user)
    ).distinct()
    topics = unread_topics(viewer, permissions.filter_topics(viewer, watched))
    return list(topics.select_related("category").order_by("-last_post_at", "-id")[:limit])


def category_latest_topics(viewer, category_id: int | None, *, limit: int = 5):
    """A category an editor linked to a page, with its latest topics, or (None, []) when the
    viewer may not see it."""
    if category_id is None:
        return None, []
    categories = Category.objects.filter(pk=category_id)
    category = permissions.filter_categories(viewer, categories).first()
    if category is None:
        return None, []
    topics = permissions.filter_category_topics(
        viewer, category, Topic.objects.filter(category=category)
    )
    return category, list(topics.order_by("-last_post_at", "-id")[:limit])


def group_forum(viewer, owner) -> Category | None:
    """The first category `owner` (a network, group or zone) owns, if the viewer may see it."""
    categories = permissions.filter_categories(viewer, Category.objects.filter(owner=owner))
    return categories.order_by("position", "pk").first()
