"""Chat frames (DESIGN.md, "The frames"): one builder per frame type, and the room groups.

Group names are built from ids here and nowhere else, never from client input. Message ids in
frames are the per-room sequence numbers: ids are unique within a room, not across rooms.
"""

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from network.core.live import user_group
from network.models import Message

logger = logging.getLogger(__name__)


def room_group(room_id: int) -> str:
    return f"chat.room.{int(room_id)}"


def author_payload(message: Message) -> dict:
    # The id gives the author's avatar its colour (templatetags/ui.py), as on the server.
    return {"id": message.author_id, "handle": message.author_handle, "name": message.author_name}


def message_payload(message: Message) -> dict:
    return {
        "id": message.seq,
        "author": author_payload(message),
        "body_html": message.body_html,
        "created": message.created.isoformat(),
        "edited": message.edited.isoformat() if message.edited else None,
        "client_id": message.client_id,
    }


def message_frame(message: Message) -> dict:
    return {"type": "message", "room": message.room_id, "message": message_payload(message)}


def edited_frame(message: Message) -> dict:
    return {"type": "edited", "room": message.room_id, "message": message_payload(message)}


def deleted_frame(message: Message) -> dict:
    return {"type": "deleted", "room": message.room_id, "message": message.seq}


def ack_frame(client_id: str, message: Message) -> dict:
    return {"type": "ack", "client_id": client_id, "message": message.seq}


def backlog_frame(room_id: int, *, has_more: bool) -> dict:
    """Ends a replay page that stopped before the room's end: ask with `subscribe {room, after}`."""
    return {"type": "backlog", "room": room_id, "has_more": has_more}


def typing_frame(room_id: int, handle: str) -> dict:
    return {"type": "typing", "room": room_id, "author": handle}


def presence_frame(room_id: int, online: list[str]) -> dict:
    return {"type": "presence", "room": room_id, "online": online}


def read_frame(room_id: int, handle: str, seq: int) -> dict:
    return {"type": "read", "room": room_id, "author": handle, "message": seq}


def error_frame(code: str, detail: str, ref=None) -> dict:
    return {"type": "error", "code": code, "detail": detail, "ref": ref}


def frame_event(room_id: int, frame: dict) -> dict:
    """The channel-layer event that carries a frame to every socket subscribed to the room.

    The frame is encoded once here, not once per receiving socket; the fields beside it are what
    a socket needs to decide whether to pass it on.
    """
    return {
        "type": "chat.frame",
        "room": room_id,
        "kind": frame["type"],
        "seq": frame["message"]["id"] if frame["type"] == "message" else None,
        "author": frame.get("author") if frame["type"] == "typing" else None,
        "text": json.dumps(frame, ensure_ascii=False),
    }


def removed_event(room_id: int, user_id: int) -> dict:
    """Tells the sockets of a member who left or was removed to drop the room."""
    return {"type": "chat.removed", "room": room_id, "user": user_id}


def memberships_changed_event() -> dict:
    """Tells every socket of a member that their memberships changed (joined, role changed,
    left, removed): they recompute them and drop the rooms they may no longer read."""
    return {"type": "chat.memberships_changed"}


def _group_send(room_id: int, event: dict) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(room_group(room_id), event)
    except Exception:
        # The message is stored; subscribers catch up from the database when they resume.
        logger.warning("chat event for room %s not broadcast", room_id, exc_info=True)


def send_to_room_on_commit(room_id: int, event: dict) -> None:
    """Broadcast after the transaction commits, so nothing is announced that was not stored."""
    transaction.on_commit(lambda: _group_send(room_id, event))


def send_to_user_on_commit(user_id: int, event: dict) -> None:
    """After commit, to every open socket of one member (network.core.live.user_group)."""

    def send() -> None:
        try:
            async_to_sync(get_channel_layer().group_send)(user_group(user_id), event)
        except Exception:
            # Each socket also recomputes its memberships on its heartbeat.
            logger.warning("chat event for user %s not sent", user_id, exc_info=True)

    transaction.on_commit(send)
