"""What the forum holds about a member, for "download my data" and erasure.

Imported by ForumConfig.ready(); the registry is members.services.personal_data. On erase a
topic nobody else posted in goes; the member's posts elsewhere stay as rows (replies, numbering and
links to them still read) with their text and earlier versions removed, shown as by a deleted
member. The title of a topic they started that others replied in stays (docs/decisions.md).
"""

from django.db import models, transaction
from django.db.models import Exists, OuterRef

from forum.models import (
    Category,
    Flag,
    Post,
    PostRevision,
    Reaction,
    ReadState,
    Subscription,
    Topic,
    Visit,
)
from forum.services import counters
from members.services.personal_data import deleted_member_name, iso, register
from network.core.search_words import search_document


def export_topics(user) -> list[dict]:
    return [
        {
            "id": topic.pk,
            "title": topic.title,
            "category": topic.category.name,
            "created": iso(topic.created),
            "is_question": topic.is_question,
            "tags": sorted(tag.name for tag in topic.tags.all()),
            "is_hidden": topic.is_hidden,
            "is_deleted": topic.is_deleted,
        }
        for topic in Topic.objects.filter(author_id=user.pk)
        .select_related("category")
        .prefetch_related("tags")
        .order_by("pk")
    ]


def export_posts(user) -> list[dict]:
    """Every post with its earlier versions (also those an editor or moderator replaced)."""
    return [
        {
            "id": post.pk,
            "topic": post.topic_id,
            "topic_title": post.topic.title,
            "created": iso(post.created),
            "edited_at": iso(post.edited_at),
            "body": post.body,
            "is_held": post.is_held,
            "is_hidden": post.is_hidden,
            "is_deleted": post.is_deleted,
            "revisions": [
                {"created": iso(revision.created), "body": revision.body}
                for revision in post.revisions.all()
            ],
        }
        for post in Post.objects.filter(author_id=user.pk)
        .select_related("topic")
        .prefetch_related("revisions")
        .order_by("pk")
    ]


def export_edits(user) -> list[dict]:
    # Versions this member replaced with an edit (of their own post or, as a moderator, of others').
    return [
        {"post": revision.post_id, "created": iso(revision.created)}
        for revision in PostRevision.objects.filter(editor_id=user.pk).order_by("pk")
    ]


@transaction.atomic
def erase_authorship(user) -> None:
    name = deleted_member_name()
    others_posted = Post.objects.filter(topic=OuterRef("pk")).exclude(author_id=user.pk)
    solo = Topic.objects.filter(author_id=user.pk).exclude(Exists(others_posted))
    categories = set(solo.values_list("category_id", flat=True))
    # Deleting the rows takes their posts, revisions, reactions, flags and read states along.
    solo.delete()
    # A reply still waiting for review was never read by others.
    held = Post.objects.filter(author_id=user.pk, is_held=True)
    held.exclude(topic__first_post=models.F("pk")).delete()
    PostRevision.objects.filter(post__author_id=user.pk).delete()
    posts = Post.objects.filter(author_id=user.pk)
    # The empty body marks a removed text: posting never stores one (forum.services.posting).
    posts.update(
        author_name=name, body="", body_html="", search_document="", edit_count=0, edited_at=None
    )
    # An opening post stays findable by the title the others replied under, not by its text.
    for post in posts.filter(topic__first_post=models.F("pk")).select_related("topic"):
        Post.objects.filter(pk=post.pk).update(search_document=search_document(post.topic.title))
    Topic.objects.filter(author_id=user.pk).update(author_name=name)
    PostRevision.objects.filter(editor_id=user.pk).update(editor_name=name)
    Topic.objects.filter(last_post__author_id=user.pk).update(last_poster_name=name)
    for category in Category.objects.filter(pk__in=categories):
        counters.refresh_category(category)
    Category.objects.filter(last_post__author_id=user.pk).update(last_poster_name=name)


def export_reactions(user) -> list[dict]:
    return [
        {"post": r.post_id, "kind": r.kind, "created": iso(r.created)}
        for r in Reaction.objects.filter(user_id=user.pk).order_by("pk")
    ]


def erase_reactions(user) -> None:
    Reaction.objects.filter(user_id=user.pk).delete()


def export_subscriptions(user) -> list[dict]:
    return [
        {"topic": s.topic_id, "category": s.category_id, "created": iso(s.created)}
        for s in Subscription.objects.filter(user_id=user.pk).order_by("pk")
    ]


def erase_subscriptions(user) -> None:
    Subscription.objects.filter(user_id=user.pk).delete()


def export_read_state(user) -> dict:
    visit = Visit.objects.filter(user_id=user.pk).first()
    return {
        "last_visit": iso(visit.last_seen) if visit else None,
        "topics": [
            {"topic": s.topic_id, "read_up_to_post": s.last_read_post_id, "updated": iso(s.updated)}
            for s in ReadState.objects.filter(user_id=user.pk).order_by("pk")
        ],
    }


def erase_read_state(user) -> None:
    ReadState.objects.filter(user_id=user.pk).delete()
    Visit.objects.filter(user_id=user.pk).delete()


def export_flags(user) -> list[dict]:
    return [
        {
            "post": flag.post_id,
            "reason": flag.reason,
            "detail": flag.detail,
            "created": iso(flag.created),
            "is_resolved": flag.is_resolved,
        }
        for flag in Flag.objects.filter(reporter_id=user.pk).order_by("pk")
    ]


def erase_flags(user) -> None:
    # The report stays for the moderators' record; what the member wrote in it goes.
    Flag.objects.filter(reporter_id=user.pk).update(detail="")


register(Topic, "forum/topics", export=export_topics, erase=erase_authorship)
register(Post, "forum/posts", export=export_posts, erase=erase_authorship)
register(PostRevision, "forum/edits", export=export_edits, erase=erase_authorship)
register(Reaction, "forum/reactions", export=export_reactions, erase=erase_reactions)
register(
    Subscription, "forum/subscriptions", export=export_subscriptions, erase=erase_subscriptions
)
register((ReadState, Visit), "forum/read_state", export=export_read_state, erase=erase_read_state)
register(Flag, "forum/reports", export=export_flags, erase=erase_flags)
