"""The one WebSocket per tab (DESIGN.md, "Live updates").

The consumer only authenticates, decodes frames and dispatches them from an explicit table;
features add their frame types to HANDLERS.
"""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from network.live import session_group, user_group
from network.membership import memberships_for

MAX_FRAME_BYTES = 16 * 1024


class LiveConsumer(AsyncJsonWebsocketConsumer):
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

    async def disconnect(self, code):
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
        await handler(self, frame)

    async def live_frame(self, event: dict) -> None:
        """A server-side event (network.live.send_event_on_commit): forwarded as one frame."""
        await self.send_json(event["frame"])

    async def live_close(self, event: dict) -> None:
        """The session or account ended (network.live.close_sockets_on_commit)."""
        await self.close(code=event["code"])

    async def send_error(self, code: str, detail: str, ref=None):
        await self.send_json({"type": "error", "code": code, "detail": detail, "ref": ref})


async def handle_ping(consumer: LiveConsumer, frame: dict) -> None:
    await consumer.send_json({"type": "pong"})


# Client frame type → handler. Only these names are ever dispatched.
HANDLERS = {
    "ping": handle_ping,
}
