"""Live forum events for /ws/ (docs/live-protocol.md): sent after commit, to groups named by id."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def topic_group(topic_id: int) -> str:
    return f"forum.topic.{int(topic_id)}"


def category_group(category_id: int) -> str:
    return f"forum.category.{int(category_id)}"


def send_event_on_commit(groups: list[str], frame: dict) -> None:
    """Deliver `frame` to every socket in `groups` once the current transaction has committed.

    Only committed, visible content is announced; the consumer forwards `frame` unchanged.
    """

    def send() -> None:
        layer = get_channel_layer()
        for group in groups:
            async_to_sync(layer.group_send)(group, {"type": "forum.event", "frame": frame})

    transaction.on_commit(send)
