"""Server → client events over /ws/: group names and the one way to broadcast after commit.

Services call `send_event_on_commit` or `close_sockets_on_commit` inside their transaction; the
event leaves only when the transaction commits, so a client never hears of a rolled-back change.
Group names are built here from ids, never from user input.
"""

import hashlib

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

# Close codes in the 4000 range (application-defined) tell the client why the server closed.
CLOSE_SESSION_ENDED = 4001  # log-out, "end my other sessions", password change or reset
CLOSE_ACCOUNT_CLOSED = 4003  # the account was deactivated or erased

# Channel-layer message types the consumer handles (method names with "." → "_").
FRAME_EVENT = "live.frame"
CLOSE_EVENT = "live.close"


def user_group(user_id: int) -> str:
    """Every open socket of one member."""
    return f"user.{int(user_id)}"


def session_group(session_key: str) -> str:
    """The sockets opened with one session; hashed so the key itself never travels the layer."""
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def _send(group: str, message: dict) -> None:
    async_to_sync(get_channel_layer().group_send)(group, message)


def send_event_on_commit(group: str, event: dict) -> None:
    """After commit, deliver `event` (a server → client frame with a `type`) to the group."""
    message = {"type": FRAME_EVENT, "frame": event}
    transaction.on_commit(lambda: _send(group, message))


def close_sockets_on_commit(group: str, code: int) -> None:
    """After commit, close every socket in the group with `code`."""
    message = {"type": CLOSE_EVENT, "code": code}
    transaction.on_commit(lambda: _send(group, message))
