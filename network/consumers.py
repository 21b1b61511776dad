"""The one WebSocket per tab (DESIGN.md, "Live updates").

The consumer only authenticates, decodes frames and dispatches them from an explicit table;
features add their frame types to HANDLERS. The protocol is documented in docs/live-protocol.md.
"""

import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404
from django.utils import translation

from forum import live as forum_live
from forum import permissions as forum_permissions
from network.consumers_chat import (
    ChatConsumerMixin,
    FrameError,
    handle_delete,
    handle_edit,
    handle_read,
    handle_send,
    handle_subscribe,
    handle_typing,
    handle_unsubscribe,
)
from network.live import session_group, user_group
from network.membership import memberships_for

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024


class LiveConsumer(ChatConsumerMixin, AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Closing before accept refuses the handshake (HTTP 403) for anonymous sockets.
            await self.close()
            return
        # Server → client events reach this socket through these groups (network/live.py).
        self.live_groups = [user_group(user.pk)]
        session = self.scope.get("session")
        if session is not None and session.session_key:
            self.live_groups.append(session_group(session.session_key))
        for group in self.live_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        # Handlers decide access from this, computed once for the life of the connection.
        self.scope["memberships"] = await database_sync_to_async(memberships_for)(user)
        await self.accept()
        await self.chat_connect()

    async def disconnect(self, code):
        await self.chat_disconnect()
        for group in getattr(self, "live_groups", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if text_data is None:
            await self.send_error("binary_frame", "Frames are JSON text.")
            return
        if len(text_data.encode()) > MAX_FRAME_BYTES:
            await self.send_error("frame_too_large", f"Frames are at most {MAX_FRAME_BYTES} bytes.")
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self.send_error("malformed", "The frame is not valid JSON.")
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("malformed", "A frame is a JSON object with a string 'type'.")
            return
        handler = HANDLERS.get(frame["type"])
        if handler is None:
            await self.send_error("unknown_type", "Unknown frame type.")
            return
        with translation.override(self.scope["user"].language):
            try:
                await handler(self, frame)
            except FrameError as error:
                await self.send_error(error.code, error.detail, error.ref)
            except Exception:
                # One bad frame must not end the connection (or affect anyone else's).
                logger.exception("live frame %r failed", frame["type"])
                await self.send_error("server_error", "The frame could not be handled.")

    async def live_frame(self, event: dict) -> None:
        """A server-side event (network.live.send_event_on_commit): forwarded as one frame."""
        await self.send_json(event["frame"])

    async def live_close(self, event: dict) -> None:
        """The session or account ended (network.live.close_sockets_on_commit)."""
        await self.close(code=event["code"])

    async def send_error(self, code: str, detail: str, ref=None):
        await self.send_json({"type": "error", "code": code, "detail": detail, "ref": ref})

    async def forum_event(self, event: dict) -> None:
        # Built by forum.services.notifying from committed, publicly visible posts only.
        await self.send_json(event["frame"])


async def handle_ping(consumer: LiveConsumer, frame: dict) -> None:
    await consumer.send_json({"type": "pong"})


def _forum_group(user, frame: dict) -> str:
    """The group of the topic or category the frame names, if the user may see it."""
    if "topic" in frame:
        return forum_live.topic_group(forum_permissions.access_topic(user, frame["topic"]).pk)
    visible = forum_permissions.access_category_by_id(user, frame.get("category"))
    return forum_live.category_group(visible.pk)


async def handle_watch(consumer: LiveConsumer, frame: dict) -> None:
    ref = frame.get("topic", frame.get("category"))
    try:
        group = await database_sync_to_async(_forum_group)(consumer.scope["user"], frame)
    except Http404:
        # The same answer whether it does not exist or may not be seen.
        await consumer.send_error("not_found", "No such topic or category.", ref)
        return
    await consumer.channel_layer.group_add(group, consumer.channel_name)


async def handle_unwatch(consumer: LiveConsumer, frame: dict) -> None:
    topic, category = frame.get("topic"), frame.get("category")
    if isinstance(topic, int) and not isinstance(topic, bool):
        group = forum_live.topic_group(topic)
    elif isinstance(category, int) and not isinstance(category, bool):
        group = forum_live.category_group(category)
    else:
        await consumer.send_error("malformed", "Name a topic or a category.", None)
        return
    await consumer.channel_layer.group_discard(group, consumer.channel_name)


# Client frame type → handler. Only these names are ever dispatched.
HANDLERS = {
    "ping": handle_ping,
    "watch": handle_watch,
    "unwatch": handle_unwatch,
    "subscribe": handle_subscribe,
    "unsubscribe": handle_unsubscribe,
    "send": handle_send,
    "edit": handle_edit,
    "delete": handle_delete,
    "typing": handle_typing,
    "read": handle_read,
}
