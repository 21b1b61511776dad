"""The live bus: server → client frames over /ws/, sent after commit, to groups named by id.

Every feature sends through `send_on_commit(groups, frame)`: the frame leaves only when the
transaction commits, so a client never hears of a rolled-back change, and it is encoded once for
all receiving sockets. A socket passes a frame on only from its own groups (user, session) or from
a subscription it still holds (network/core/subscriptions.py): a socket that lost the right to a
room, topic or category hears nothing more from it, even of frames already queued. Control events
(`send_control_on_commit`, `close_sockets_on_commit`) tell sockets to re-check or to close.
Group names are built from ids, never from user input.
"""

import hashlib
import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# Close codes in the 4000 range (application-defined) tell the client why the server closed.
CLOSE_SESSION_ENDED = 4001  # log-out, "end my other sessions", password change or reset
CLOSE_ACCOUNT_CLOSED = 4003  # the account was deactivated or erased

# Channel-layer message types the consumer handles (method names with "." → "_").
FRAME_EVENT = "live.frame"
CLOSE_EVENT = "live.close"
VIEWER_CHANGED_EVENT = "live.viewer_changed"


def user_group(user_id: int) -> str:
    """Every open socket of one member."""
    return f"user.{int(user_id)}"


def session_group(session_key: str) -> str:
    """The sockets opened with one session; hashed so the key itself never travels the layer."""
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def frame_event(group: str, frame: dict) -> dict:
    """The channel-layer message that carries `frame` to the sockets of `group`: the frame, for
    the socket's checks, and its text, encoded once here rather than once per socket."""
    return {
        "type": FRAME_EVENT,
        "group": group,
        "frame": frame,
        "text": json.dumps(frame, ensure_ascii=False),
    }


def send_now(groups, message_for) -> None:
    """Send `message_for(group)` to each group; a channel layer that cannot be reached loses the
    live copy only (the change is stored: readers see it on their next load or resume)."""
    layer = get_channel_layer()
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, message_for(group))
        except Exception as error:
            # One line, no traceback: while Redis is down every write would log one.
            logger.warning("live event for %s not sent: %r", group, error)


def send_on_commit(groups, frame: dict) -> None:
    """After commit, deliver `frame` (a server → client frame with a `type`) to every socket
    in `groups` that may still hear it."""
    groups = list(groups)
    transaction.on_commit(lambda: send_now(groups, lambda group: frame_event(group, frame)))


def viewer_changed_on_commit(user_id: int) -> None:
    """After commit, tell every socket of a member that their memberships or roles changed:
    they rebuild their viewer and re-authorise every subscription they hold."""
    message = {"type": VIEWER_CHANGED_EVENT}
    transaction.on_commit(lambda: send_now([user_group(user_id)], lambda group: message))


def close_sockets_on_commit(group: str, code: int) -> None:
    """After commit, close every socket in the group with `code`."""
    message = {"type": CLOSE_EVENT, "code": code}
    transaction.on_commit(lambda: send_now([group], lambda _group: message))
