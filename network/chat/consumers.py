"""Chat over the one WebSocket: frame handlers and the room group events of LiveConsumer.

Thin by design: each handler validates the frame, asks network/groups/permissions.py (with the
socket's `scope["viewer"]`) and calls the same services as the HTTP views. Membership is
checked on subscribe and again on every send; when the member's memberships change (they left or
were removed from a group), the socket recomputes them and drops the rooms it may no longer read.
"""

import asyncio
import logging

from channels.db import database_sync_to_async
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from network.chat import events as chat_events
from network.chat import presence as chat_presence
from network.chat import selectors as selectors_chat
from network.chat import services as chat_services
from network.core.live import frame_event
from network.core.subscriptions import Kind, register
from network.groups.permissions import (
    MfaRequired,
    access_room,
    check_delete_message,
    check_edit_message,
    check_post_in_room,
)

logger = logging.getLogger(__name__)

MAX_ROOMS_PER_SOCKET = 50
# What Django raises (wrapping psycopg's and sqlite3's errors) when the database is unreachable.
DATABASE_DOWN = (OperationalError, InterfaceError)
TYPING_INTERVAL_SECONDS = 2.0


class FrameError(Exception):
    """Answered with an error frame; the connection stays open."""

    def __init__(self, code: str, detail: str, ref=None):
        super().__init__(code)
        self.code, self.detail, self.ref = code, detail, ref


def _room_id(frame: dict, ref=None) -> int:
    room = frame.get("room")
    if isinstance(room, bool) or not isinstance(room, int) or room < 1:
        raise FrameError("bad_request", _("'room' must be a positive integer."), ref)
    return room


def _message_id(frame: dict) -> int:
    message = frame.get("message")
    if isinstance(message, bool) or not isinstance(message, int) or message < 1:
        raise FrameError("bad_request", _("'message' must be a positive integer."), message)
    return message


def _body(frame: dict, ref) -> str:
    body = frame.get("body")
    if not isinstance(body, str):
        raise FrameError("bad_request", _("'body' must be a string."), ref)
    return body


def _not_found(ref) -> FrameError:
    # Exactly the same answer for a room that does not exist and one the member may not see.
    # `ref` is the room's id, or the client_id of the send it answers.
    return FrameError("not_found", _("Room not found."), ref)


def _mfa_required(ref) -> FrameError:
    return FrameError(
        "mfa_required",
        _("This group requires two-factor authentication. Set it up to open its room."),
        ref,
    )


def _service_error(error: Exception, ref) -> FrameError:
    if isinstance(error, ValidationError):
        return FrameError(error.code or "invalid", " ".join(error.messages), ref)
    return FrameError("forbidden", str(error), ref)


def _access_or_error(viewer, room_id: int):
    try:
        return access_room(viewer, room_id)
    except Http404:
        raise _not_found(room_id) from None
    except MfaRequired:
        raise _mfa_required(room_id) from None


_access = database_sync_to_async(_access_or_error)


def _room_to_write(viewer, room_id: int):
    room = _access_or_error(viewer, room_id)
    check_post_in_room(viewer, room)
    return room


@database_sync_to_async
def _edit(viewer, room_id: int, seq: int, body: str) -> None:
    room = _access_or_error(viewer, room_id)
    message = selectors_chat.message_in_room(room, seq)
    if message is None:
        raise FrameError("not_found", _("Message not found."), seq)
    check_edit_message(viewer, message)
    chat_services.edit_message(message=message, body=body)


@database_sync_to_async
def _delete(viewer, user, room_id: int, seq: int) -> None:
    room = _access_or_error(viewer, room_id)
    message = selectors_chat.message_in_room(room, seq)
    if message is None:
        raise FrameError("not_found", _("Message not found."), seq)
    check_delete_message(viewer, room, message)
    chat_services.delete_message(message=message, by=user)


@database_sync_to_async
def _read(viewer, user, room_id: int, seq: int) -> None:
    room = _access_or_error(viewer, room_id)
    # Those who only read a group room (its moderators from outside, staff) leave no marker.
    if room.can_post:
        chat_services.mark_read(room=room, user=user, seq=seq)


class ChatConsumerMixin:
    """Mixed into LiveConsumer. `self.rooms` maps each subscribed room to its cursor: the last
    message id this socket sent for it."""

    async def chat_connect(self) -> None:
        # Read once, in a thread: the profile behind it is a query.
        self.handle = await database_sync_to_async(chat_services.handle_of)(self.scope["user"])
        self.rooms: dict[int, int] = {}
        self.typing_sent: dict[int, float] = {}
        self.delivery = asyncio.Lock()
        self.heartbeat = asyncio.create_task(self._heartbeat())

    async def chat_disconnect(self) -> None:
        heartbeat = getattr(self, "heartbeat", None)
        if heartbeat is not None:
            heartbeat.cancel()

    async def _deliver(self, room_id: int, seq: int, text: str) -> None:
        """The one place a room's messages leave this socket, whoever found them (a replay, the
        heartbeat's catch-up or a live broadcast): only the id right after the cursor is sent,
        and the cursor moves before the send is awaited, so each id goes once and in order and
        a stale batch can never move it back."""
        async with self.delivery:
            if self.rooms.get(room_id) != seq - 1:
                return
            self.rooms[room_id] = seq
            await self.send(text_data=text)

    async def _replay(self, room_id: int, upto: int | None = None) -> None:
        """One page of stored messages after the cursor; `backlog` says when more remain."""
        if room_id not in self.rooms:
            return
        page, has_more = await database_sync_to_async(selectors_chat.messages_after)(
            room_id, self.rooms[room_id], upto=upto
        )
        await self._send_stored(room_id, page)
        if has_more:
            await self.send_json(chat_events.backlog_frame(room_id, has_more=True))

    async def _send_stored(self, room_id: int, messages) -> None:
        for message in messages:
            text = await self.encode_json(_stored_frame(message))
            await self._deliver(room_id, message.seq, text)

    async def _broadcast_presence(self, room_id: int) -> None:
        online = await database_sync_to_async(chat_presence.online_handles)(room_id)
        group = chat_events.room_group(room_id)
        await self.channel_layer.group_send(
            group, frame_event(group, chat_events.presence_frame(room_id, online))
        )

    async def _heartbeat(self) -> None:
        """Re-checks access, re-joins the room groups and catches up, every few seconds.

        After a Redis restart the layer has forgotten the groups: re-adding them restores live
        delivery, and the catch-up sends (a page at a time) what was broadcast meanwhile. If the
        layer cannot be reached the socket is closed, so the client reconnects (and resumes)
        instead of waiting; if the database cannot, the next beat tries again.
        """
        while True:
            await asyncio.sleep(settings.CHAT_HEARTBEAT_SECONDS)
            try:
                # Groups expire a few heartbeats after their last join (CHAT_GROUP_EXPIRY_SECONDS),
                # so the member's own groups and every subscription's group are re-joined.
                for group in [*self.live_groups, *self.subscriptions]:
                    await self.channel_layer.group_add(group, self.channel_name)
                if not self.holds_others_content():
                    continue
                # A membership change whose event was lost (Redis restart) ends here at the latest.
                if not await self.refresh_viewer():
                    return
                for room_id in list(self.rooms):
                    await database_sync_to_async(chat_presence.join)(
                        room_id,
                        self.channel_name,
                        user_id=self.scope["user"].pk,
                        handle=self.handle,
                    )
                latest = await database_sync_to_async(selectors_chat.last_seqs)(list(self.rooms))
                for room_id, last_seq in latest.items():
                    if last_seq > self.rooms.get(room_id, last_seq):
                        await self._replay(room_id)
            except asyncio.CancelledError:
                raise
            except DATABASE_DOWN as error:
                logger.warning("live socket heartbeat: database unavailable (%s)", error)
            except Exception as error:
                logger.warning("live socket lost its channel layer; closing it (%r)", error)
                await self.close(code=1011)
                return

    async def _room_frame(self, room_id: int, event: dict) -> None:
        """A room's frame from the live bus, for a room this socket still holds."""
        frame = event["frame"]
        if frame["type"] == "message":
            seq = frame["message"]["id"]
            if seq > self.rooms[room_id] + 1:
                # A broadcast overtook an earlier one (another process, a lost event): fill the
                # gap from the database first; this message comes in order with it.
                await self._replay(room_id, upto=seq)
            else:
                await self._deliver(room_id, seq, event["text"])
            return
        if frame["type"] == "typing" and frame["author"] == self.handle:
            return
        await self.send(text_data=event["text"])

    async def _room_dropped(self, room_id: int, removed: bool) -> None:
        self.rooms.pop(room_id, None)
        await database_sync_to_async(chat_presence.leave)(room_id, self.channel_name)
        await self._broadcast_presence(room_id)
        if removed:
            with translation.override(self.scope["user"].language):
                detail = _("You are no longer a member of this room.")
            await self.send_json(chat_events.error_frame("removed", detail, room_id))


def _authorise_room(viewer, room_id) -> int:
    return access_room(viewer, room_id).pk


async def _deliver_room_frame(consumer, room_id: int, event: dict) -> None:
    await consumer._room_frame(room_id, event)


async def _room_dropped(consumer, room_id: int, removed: bool) -> None:
    await consumer._room_dropped(room_id, removed)


ROOM = register(
    Kind(
        "room",
        chat_events.room_group,
        _authorise_room,
        selectors_chat.readable_room_ids,
        dropped=_room_dropped,
        deliver=_deliver_room_frame,
    )
)


def _stored_frame(message) -> dict:
    if message.is_deleted:
        return chat_events.deleted_frame(message)
    return chat_events.message_frame(message)


async def handle_subscribe(consumer, frame: dict) -> None:
    room_id = _room_id(frame)
    after = frame.get("after")
    if after is not None and (isinstance(after, bool) or not isinstance(after, int) or after < 0):
        raise FrameError("bad_request", _("'after' must be a message id or null."), room_id)
    if room_id not in consumer.rooms and len(consumer.rooms) >= MAX_ROOMS_PER_SOCKET:
        raise FrameError("too_many_rooms", _("Too many rooms open on one connection."), room_id)
    room = await _access(consumer.scope["viewer"], room_id)
    # Join the group before reading the replay: whatever commits meanwhile arrives as a live
    # event after the replay and is either a duplicate (dropped) or the next message.
    await consumer.hold(ROOM, room_id)
    if room_id in consumer.rooms:
        # The next page of a replay (or a repeat): this socket never sends an id twice, so it
        # goes on from its cursor, or from `after` if the client already has more.
        if after is not None and after > consumer.rooms[room_id]:
            consumer.rooms[room_id] = min(after, room.last_seq)
        await consumer._replay(room_id)
    elif after is None:
        latest = await database_sync_to_async(selectors_chat.latest_messages)(room_id)
        consumer.rooms[room_id] = latest[0].seq - 1 if latest else room.last_seq
        await consumer._send_stored(room_id, latest)
    else:
        # An id beyond the room's last one (a stale client) must not hide messages to come.
        consumer.rooms[room_id] = min(after, room.last_seq)
        await consumer._replay(room_id)
    await database_sync_to_async(chat_presence.join)(
        room_id, consumer.channel_name, user_id=consumer.scope["user"].pk, handle=consumer.handle
    )
    await consumer._broadcast_presence(room_id)


async def handle_unsubscribe(consumer, frame: dict) -> None:
    room_id = _room_id(frame)
    await consumer.release(ROOM.group(room_id))


async def handle_send(consumer, frame: dict) -> None:
    client_id = frame.get("client_id")
    if not isinstance(client_id, str) or not 0 < len(client_id) <= 64:
        raise FrameError("bad_request", _("'client_id' must be a string of 1 to 64 characters."))
    room_id = _room_id(frame, client_id)
    body = _body(frame, client_id)
    send = database_sync_to_async(chat_services.send_message)
    try:
        result = await send(
            viewer=consumer.scope["viewer"], room_id=room_id, body=body, client_id=client_id
        )
    except chat_services.SendingTooFast as error:
        raise FrameError("rate_limited", str(error), client_id) from None
    except Http404:
        raise _not_found(client_id) from None
    except MfaRequired:
        raise _mfa_required(client_id) from None
    except (ValidationError, PermissionDenied) as error:
        raise _service_error(error, client_id) from None
    await consumer.send_json(chat_events.ack_frame(client_id, result.message))


async def handle_edit(consumer, frame: dict) -> None:
    room_id, seq = _room_id(frame), _message_id(frame)
    body = _body(frame, seq)
    try:
        await _edit(consumer.scope["viewer"], room_id, seq, body)
    except (ValidationError, PermissionDenied) as error:
        raise _service_error(error, seq) from None


async def handle_delete(consumer, frame: dict) -> None:
    room_id, seq = _room_id(frame), _message_id(frame)
    try:
        await _delete(consumer.scope["viewer"], consumer.scope["user"], room_id, seq)
    except PermissionDenied as error:
        raise _service_error(error, seq) from None


async def handle_typing(consumer, frame: dict) -> None:
    room_id = _room_id(frame)
    if room_id not in consumer.rooms:
        raise FrameError("not_subscribed", _("Subscribe to the room first."), room_id)
    now = asyncio.get_running_loop().time()
    # Typing is advisory: at most one broadcast per member, room and interval.
    if now - consumer.typing_sent.get(room_id, -TYPING_INTERVAL_SECONDS) < TYPING_INTERVAL_SECONDS:
        return
    consumer.typing_sent[room_id] = now
    # Asked afresh, like a send: those who only read (staff, moderators from outside) write not.
    try:
        await database_sync_to_async(_room_to_write)(consumer.scope["viewer"], room_id)
    except PermissionDenied as error:
        raise _service_error(error, room_id) from None
    group = chat_events.room_group(room_id)
    await consumer.channel_layer.group_send(
        group, frame_event(group, chat_events.typing_frame(room_id, consumer.handle))
    )


async def handle_read(consumer, frame: dict) -> None:
    room_id, seq = _room_id(frame), _message_id(frame)
    await _read(consumer.scope["viewer"], consumer.scope["user"], room_id, seq)
