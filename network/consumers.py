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
from django.utils.translation import gettext as _

from forum import live as forum_live
from network.chat import selectors as selectors_chat
from network.chat.consumers import (
    DATABASE_DOWN,
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
from network.core.live import CLOSE_ACCOUNT_CLOSED, session_group, user_group
from network.groups.membership import memberships_for

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024


class RefuseHandshakeOnOutage:
    """Wraps the /ws/ stack: a failure before the socket is accepted (the session's user cannot
    be loaded, the channel layer cannot be read) refuses the handshake (HTTP 403) with one log
    line, instead of an exception and an HTTP 500. After accept, the consumer handles outages."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        accepted = False

        async def watched_send(message):
            nonlocal accepted
            accepted = accepted or message["type"] == "websocket.accept"
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as error:
            if accepted:
                raise
            logger.warning("live socket refused: %s unavailable (%r)", _failing(error), error)
            await send({"type": "websocket.close", "code": 1011})


class LiveConsumer(ChatConsumerMixin, AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Closing before accept refuses the handshake (HTTP 403) for anonymous sockets.
            await self.close()
            return
        # Forum watches this socket holds: group → ("topic" | "category", id).
        self.watches: dict[str, tuple[str, int]] = {}
        # Server → client events reach this socket through these groups (network/core/live.py).
        self.live_groups = [user_group(user.pk)]
        session = self.scope.get("session")
        if session is not None and session.session_key:
            self.live_groups.append(session_group(session.session_key))
        try:
            for group in self.live_groups:
                await self.channel_layer.group_add(group, self.channel_name)
            # Handlers decide access from this; refreshed when the memberships change.
            self.scope["memberships"] = await database_sync_to_async(memberships_for)(user)
        except Exception as error:
            # Refused before accept (HTTP 403): the client retries with its backoff. One log
            # line, no traceback: during an outage every reconnect would write one.
            logger.warning("live socket refused: %s unavailable (%r)", _failing(error), error)
            await self.close()
            return
        await self.accept()
        await self.chat_connect()

    async def disconnect(self, code):
        await self.chat_disconnect()
        for group in [*getattr(self, "live_groups", []), *getattr(self, "watches", {})]:
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
            except DATABASE_DOWN as error:
                # Nothing was stored (and nothing acknowledged): the client retries later.
                logger.warning("live frame %r: database unavailable (%s)", frame["type"], error)
                await self.send_error(
                    "unavailable", _("The service is unavailable; try again soon."), _ref(frame)
                )
            except Exception:
                # One bad frame must not end the connection (or affect anyone else's).
                logger.exception("live frame %r failed", frame["type"])
                await self.send_error(
                    "server_error", _("The frame could not be handled."), _ref(frame)
                )

    async def live_frame(self, event: dict) -> None:
        """A server-side event (network.core.live.send_event_on_commit): forwarded as one frame."""
        await self.send_json(event["frame"])

    async def live_close(self, event: dict) -> None:
        """The session or account ended (network.core.live.close_sockets_on_commit)."""
        await self.end(event["code"])

    async def end(self, code: int) -> None:
        """Close, hearing nothing more meanwhile: the subscriptions go before the close frame."""
        self.watches.clear()
        for room_id in list(getattr(self, "rooms", {})):
            await self._drop_room(room_id)
        await self.close(code=code)

    async def send_error(self, code: str, detail: str, ref=None):
        await self.send_json({"type": "error", "code": code, "detail": detail, "ref": ref})

    async def forum_event(self, event: dict) -> None:
        # Built by forum.services.notifying from committed, publicly visible posts only; passed
        # on only while this socket still holds the watch (one dropped on a membership change
        # may still have events queued).
        if event.get("group") in self.watches:
            await self.send_json(event["frame"])

    async def refresh_viewer(self) -> bool:
        """Reload the member and recompute their rights, then drop every subscription they may
        no longer hold: chat rooms and forum watches. False (and the socket closed) if the
        account is closed."""
        user, memberships = await database_sync_to_async(selectors_chat.fresh_member)(
            self.scope["user"].pk
        )
        if user is None:
            await self.end(CLOSE_ACCOUNT_CLOSED)
            return False
        # A new user object: rights cached on the old one (forum, memberships) are not reused.
        self.scope["user"], self.scope["memberships"] = user, memberships
        await self._recheck_rooms()
        await self._recheck_watches()
        return True

    async def _recheck_watches(self) -> None:
        if not self.watches:
            return
        ids = {"topic": set(), "category": set()}
        for kind, object_id in self.watches.values():
            ids[kind].add(object_id)
        allowed = await database_sync_to_async(forum_live.still_watchable)(
            self.scope["user"], ids["topic"], ids["category"]
        )
        for group in [group for group in self.watches if group not in allowed]:
            del self.watches[group]
            await self.channel_layer.group_discard(group, self.channel_name)


def _failing(error: Exception) -> str:
    return "database" if isinstance(error, DATABASE_DOWN) else "channel layer"


def _ref(frame: dict):
    """What an error about this frame answers: a send's client_id, else the message, topic,
    category or room it names."""
    for field in ("client_id", "message", "topic", "category", "room"):
        value = frame.get(field)
        if isinstance(value, str | int) and not isinstance(value, bool):
            return value
    return None


async def handle_ping(consumer: LiveConsumer, frame: dict) -> None:
    await consumer.send_json({"type": "pong"})


def _watch_target(frame: dict) -> tuple[str, object]:
    if "topic" in frame:
        return "topic", frame["topic"]
    return "category", frame.get("category")


async def handle_watch(consumer: LiveConsumer, frame: dict) -> None:
    kind, object_id = _watch_target(frame)
    try:
        group, pk = await database_sync_to_async(forum_live.watch_group)(
            consumer.scope["user"], kind, object_id
        )
    except Http404:
        # The same answer whether it does not exist or may not be seen.
        await consumer.send_error("not_found", "No such topic or category.", object_id)
        return
    # Recorded, so a change of the member's rights can take it away again.
    consumer.watches[group] = (kind, pk)
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
    consumer.watches.pop(group, None)
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
