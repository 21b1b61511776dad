"""Denormalised counters: recomputed from the rows inside the writing transaction."""

from django.db import transaction
from django.db.models import Q

from forum.models import Category, Post, Topic
from network.core import page_cache

_PUBLIC_POST = Q(is_held=False, is_hidden=False, is_deleted=False)


def refresh_topic(topic: Topic) -> None:
    """Reply count and last post of a topic, from its publicly visible posts."""
    posts = Post.objects.filter(topic=topic).filter(_PUBLIC_POST)
    last = posts.order_by("-id").only("id", "created", "author_name").first()
    topic.reply_count = max(posts.count() - 1, 0)
    if last is not None:
        topic.last_post = last
        topic.last_post_at = last.created
        topic.last_poster_name = last.author_name
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=topic.reply_count,
        last_post=topic.last_post,
        last_post_at=topic.last_post_at,
        last_poster_name=topic.last_poster_name,
    )


def refresh_category(category: Category) -> None:
    topics = Topic.objects.filter(
        category=category, is_held=False, is_hidden=False, is_deleted=False
    )
    topic_total = topics.count()
    post_total = Post.objects.filter(topic__in=topics).filter(_PUBLIC_POST).count()
    last = (
        topics.order_by("-last_post_at", "-id")
        .only("id", "last_post_id", "last_post_at", "last_poster_name")
        .first()
    )
    Category.objects.filter(pk=category.pk).update(
        topic_count=topic_total,
        post_count=post_total,
        last_topic=last,
        last_post_id=last.last_post_id if last else None,
        last_post_at=last.last_post_at if last else None,
        last_poster_name=last.last_poster_name if last else "",
    )
    # An update sends no signal: pages and the categories kept for access checks
    # (forum/kept_categories.py) move to the new counts once this commits.
    transaction.on_commit(page_cache.new_generation)


@transaction.atomic
def synchronise(*, categories=None) -> int:
    """Rebuild every counter from the rows (`manage.py forum_sync`); returns topics refreshed."""
    categories = list(categories if categories is not None else Category.objects.all())
    refreshed = 0
    for category in categories:
        for topic in Topic.objects.filter(category=category).iterator():
            first = Post.objects.filter(topic=topic).order_by("id").values_list("id", flat=True)
            Topic.objects.filter(pk=topic.pk).update(first_post_id=first.first())
            refresh_topic(topic)
            refreshed += 1
        refresh_category(category)
    return refreshed
