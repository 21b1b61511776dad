"""A member's own forum state: reactions, watching, read positions, visits."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum import permissions
from forum.models import (
    Category,
    Post,
    Reaction,
    ReactionKind,
    ReadState,
    Subscription,
    Topic,
    Visit,
)
from network.core.viewer import viewer_for

# A visit ends after this long without a forum page view.
VISIT_GAP = timedelta(minutes=30)
# How fresh last_seen is kept: it decides only whether the next page starts a new visit.
LAST_SEEN_STEP = timedelta(minutes=1)


@transaction.atomic
def toggle_reaction(*, user, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it is there; returns whether it is there now."""
    permissions.check_react(viewer_for(user), post)
    if kind not in ReactionKind.values:
        raise ValidationError(_("Unknown reaction."))
    deleted, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    Reaction.objects.get_or_create(post=post, user=user, kind=kind)
    return True


@transaction.atomic
def set_watching(
    *, user, watching: bool, topic: Topic | None = None, category: Category | None = None
) -> None:
    permissions.check_watch(viewer_for(user))
    target = {"topic": topic} if topic is not None else {"category": category}
    if watching:
        Subscription.objects.get_or_create(user=user, **target)
    else:
        Subscription.objects.filter(user=user, **target).delete()


def mark_read(*, user, topic: Topic, up_to_post_id: int) -> None:
    """Move the member's read position forward (never back) to `up_to_post_id`.

    One UPDATE when the member has read the topic before (the topic page's common case).
    """
    if not user.is_authenticated:
        return
    moved = ReadState.objects.filter(
        user=user, topic=topic, last_read_post_id__lt=up_to_post_id
    ).update(last_read_post_id=up_to_post_id, updated=timezone.now())
    if not moved:
        ReadState.objects.get_or_create(
            user=user, topic=topic, defaults={"last_read_post_id": up_to_post_id}
        )


@transaction.atomic
def mark_category_read(*, user, category: Category) -> None:
    viewer = viewer_for(user)
    permissions.check_watch(viewer)
    topics = permissions.filter_topics(viewer, Topic.objects.filter(category=category))
    for topic_id, last_post_id in topics.values_list("id", "last_post_id"):
        if last_post_id:
            mark_read(user=user, topic=Topic(pk=topic_id), up_to_post_id=last_post_id)


_VISIT = "SELECT * FROM {table} WHERE user_id = %s"


def record_visit(*, user) -> Visit | None:
    """Start a new visit when the last page view is older than VISIT_GAP."""
    if not user.is_authenticated:
        return None
    now = timezone.now()
    # Written out: on every forum page, and the ORM took longer to build the get (0.5 ms) than
    # the database to answer this (0.2 ms).
    sql = _VISIT.format(table=Visit._meta.db_table)
    visit, created = next(iter(Visit.objects.raw(sql, [user.pk])), None), False
    if visit is None:
        visit, created = Visit.objects.get_or_create(user=user, defaults={"last_seen": now})
    if created or visit.last_seen > now - LAST_SEEN_STEP:
        # Within a minute of the last write nothing changes that anyone reads: one write a
        # minute, not one per page.
        return visit
    if visit.last_seen < now - VISIT_GAP:
        visit.previous_visit = visit.last_seen
    visit.last_seen = now
    Visit.objects.filter(pk=visit.pk).update(last_seen=now, previous_visit=visit.previous_visit)
    return visit
