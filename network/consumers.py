"""The one WebSocket per tab (DESIGN.md, "Live updates").

The consumer only authenticates, decodes frames and dispatches them from an explicit table;
features add their frame types to HANDLERS. The protocol is documented in docs/live-protocol.md.
"""

import json
import logging

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import translation

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

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024


class LiveConsumer(ChatConsumerMixin, AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Closing before accept refuses the handshake (HTTP 403) for anonymous sockets.
            await self.close()
            return
        await self.accept()
        await self.chat_connect()

    async def disconnect(self, code):
        await self.chat_disconnect()

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

    async def send_error(self, code: str, detail: str, ref=None):
        await self.send_json({"type": "error", "code": code, "detail": detail, "ref": ref})


async def handle_ping(consumer: LiveConsumer, frame: dict) -> None:
    await consumer.send_json({"type": "pong"})


# Client frame type → handler. Only these names are ever dispatched.
HANDLERS = {
    "ping": handle_ping,
    "subscribe": handle_subscribe,
    "unsubscribe": handle_unsubscribe,
    "send": handle_send,
    "edit": handle_edit,
    "delete": handle_delete,
    "typing": handle_typing,
    "read": handle_read,
}
