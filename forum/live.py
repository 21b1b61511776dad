"""Live forum events for /ws/ (docs/live-protocol.md): sent after commit, to groups named by id."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from forum import permissions
from forum.models import Category, Topic

logger = logging.getLogger(__name__)

EVENT_TYPE = "forum.event"


def topic_group(topic_id: int) -> str:
    return f"forum.topic.{int(topic_id)}"


def category_group(category_id: int) -> str:
    return f"forum.category.{int(category_id)}"


def watch_group(user, kind: str, object_id) -> tuple[str, int]:
    """The group and id of the topic or category a `watch` names; Http404 if the user may not
    see it."""
    if kind == "topic":
        pk = permissions.access_topic(user, object_id).pk
        return topic_group(pk), pk
    pk = permissions.access_category_by_id(user, object_id).pk
    return category_group(pk), pk


def still_watchable(user, topic_ids, category_ids) -> set[str]:
    """The groups of these topics and categories the user may still see (two queries)."""
    topics = permissions.filter_topics(user, Topic.objects.filter(pk__in=list(topic_ids)))
    categories = permissions.filter_categories(
        user, Category.objects.filter(pk__in=list(category_ids))
    )
    return {topic_group(pk) for pk in topics.values_list("pk", flat=True)} | {
        category_group(pk) for pk in categories.values_list("pk", flat=True)
    }


def send_event_on_commit(groups: list[str], frame: dict) -> None:
    """Deliver `frame` to every socket in `groups` once the current transaction has committed.

    Only committed, visible content is announced; the consumer forwards `frame` unchanged, to
    sockets that still hold the group's watch (it names the group it was sent to).
    """

    def send() -> None:
        layer = get_channel_layer()
        for group in groups:
            try:
                async_to_sync(layer.group_send)(
                    group, {"type": EVENT_TYPE, "group": group, "frame": frame}
                )
            except Exception as error:
                # The post is stored; a reader sees it on their next page load. One line, no
                # traceback: while Redis is down every post would log one.
                logger.warning("forum event for %s not sent: %r", group, error)

    transaction.on_commit(send)
