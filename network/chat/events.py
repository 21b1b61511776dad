"""Chat frames (DESIGN.md, "The frames"): one builder per frame type, and the room groups.

Group names are built from ids here and nowhere else, never from client input. Message ids in
frames are the per-room sequence numbers: ids are unique within a room, not across rooms.
"""

from network.attachments.selectors import frame_payload
from network.models import Message


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
        # Readable by whoever receives the frame: the room's readers (network.attachments).
        "attachments": [
            frame_payload(a) for a in message.attachments.all() if not message.is_deleted
        ],
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
