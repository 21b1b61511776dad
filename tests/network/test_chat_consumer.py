"""The chat frames over /ws/, with real sockets (Channels' communicator) and a real database."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from network.asgi import application
from network.chat import services as chat
from network.chat.events import room_group
from network.models import Message, RoomKind
from tests.members.factories import UserFactory
from tests.network.chat_factories import RoomFactory, conversation

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def member(**fields):
    return UserFactory(**fields)


@database_sync_to_async
def room_of(*users, title="Kongres"):
    return conversation(*users, title=title)


@database_sync_to_async
def post(room, author, body, client_id):
    return chat.post_message(room=room, author=author, body=body, client_id=client_id).message


@database_sync_to_async
def stored(room):
    return list(Message.objects.filter(room=room).order_by("seq").values_list("seq", "body"))


@database_sync_to_async
def cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def connect(user) -> WebsocketCommunicator:
    headers = [
        (b"origin", b"http://localhost"),
        (b"host", b"localhost"),
        (b"cookie", (await cookie_for(user)).encode()),
    ]
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def frames_until(communicator, frame_type: str, timeout: float = 10) -> list[dict]:
    """Every frame received up to and including the first one of `frame_type`."""
    received = []
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        received.append(frame)
        if frame["type"] == frame_type:
            return received


async def next_of(communicator, frame_type: str) -> dict:
    return (await frames_until(communicator, frame_type))[-1]


async def subscribe(communicator, room, after=None) -> list[dict]:
    """Subscribes and returns the replayed frames (the presence frame closes the replay)."""
    await communicator.send_json_to({"type": "subscribe", "room": room.pk, "after": after})
    return (await frames_until(communicator, "presence"))[:-1]


async def test_two_members_chat_and_the_sender_gets_an_ack():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    alas, olas = await connect(ala), await connect(ola)
    assert await subscribe(alas, room) == []
    await subscribe(olas, room)
    await alas.send_json_to(
        {"type": "send", "room": room.pk, "client_id": "k1", "body": "Cześć **Ola**"}
    )
    frames = await frames_until(alas, "ack")
    assert frames[-1] == {"type": "ack", "client_id": "k1", "message": 1}
    message = (await next_of(olas, "message"))["message"]
    assert message["id"] == 1
    assert message["author"] == {"id": ala.pk, "handle": ala.username, "name": ala.get_full_name()}
    assert message["body_html"] == "<p>Cześć <strong>Ola</strong></p>"
    assert message["client_id"] == "k1"
    assert message["edited"] is None
    await alas.disconnect()
    await olas.disconnect()


async def test_subscribing_with_the_last_seen_id_replays_everything_after_it_in_order():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    for i in range(1, 6):
        await post(room, ala, f"wiadomość {i}", f"c{i}")
    olas = await connect(ola)
    replay = await subscribe(olas, room, after=2)
    assert [frame["message"]["id"] for frame in replay] == [3, 4, 5]
    await olas.disconnect()


async def test_a_member_who_drops_off_gets_every_missed_message_once_on_return():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    alas, olas = await connect(ala), await connect(ola)
    await subscribe(alas, room)
    await subscribe(olas, room)
    await alas.send_json_to({"type": "send", "room": room.pk, "client_id": "1", "body": "jeden"})
    last_seen = (await next_of(olas, "message"))["message"]["id"]
    await olas.disconnect()
    for i in range(2, 5):
        await alas.send_json_to({"type": "send", "room": room.pk, "client_id": str(i), "body": "x"})
        await next_of(alas, "ack")
    olas = await connect(ola)
    replay = await subscribe(olas, room, after=last_seen)
    assert [frame["message"]["id"] for frame in replay] == [2, 3, 4]
    await alas.send_json_to({"type": "send", "room": room.pk, "client_id": "5", "body": "pięć"})
    assert (await next_of(olas, "message"))["message"]["id"] == 5
    await alas.disconnect()
    await olas.disconnect()


async def test_a_resend_after_reconnect_is_acknowledged_and_not_stored_twice():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    alas = await connect(ala)
    frame = {"type": "send", "room": room.pk, "client_id": "same", "body": "raz"}
    await alas.send_json_to(frame)
    assert (await next_of(alas, "ack"))["message"] == 1
    await alas.disconnect()
    alas = await connect(ala)
    await alas.send_json_to(frame)
    assert (await next_of(alas, "ack")) == {"type": "ack", "client_id": "same", "message": 1}
    assert await stored(room) == [(1, "raz")]
    await alas.disconnect()


async def test_a_room_one_may_not_see_is_answered_exactly_like_a_missing_one():
    ala, ola, outsider = await member(), await member(), await member(language="uk")
    room = await room_of(ala, ola)
    sock = await connect(outsider)
    answers = []
    for room_id in [room.pk, room.pk + 1000]:
        await sock.send_json_to({"type": "subscribe", "room": room_id, "after": None})
        error = await next_of(sock, "error")
        answers.append((error["code"], error["detail"]))
        await sock.send_json_to({"type": "send", "room": room_id, "client_id": "x", "body": "hej"})
        error = await next_of(sock, "error")
        answers.append((error["code"], error["detail"]))
    # In the member's language, and the same words either way.
    assert set(answers) == {("not_found", "Кімнату не знайдено.")}
    assert await stored(room) == []
    await sock.disconnect()


async def test_a_group_room_is_closed_to_non_members_and_open_to_staff_for_reading():
    user, staff = await member(), await member(is_staff=True)
    room = await database_sync_to_async(RoomFactory)(kind=RoomKind.GROUP, title="LABIB")
    sock = await connect(user)
    await sock.send_json_to({"type": "subscribe", "room": room.pk, "after": None})
    assert (await next_of(sock, "error"))["code"] == "not_found"
    staff_sock = await connect(staff)
    assert await subscribe(staff_sock, room) == []
    await sock.disconnect()
    await staff_sock.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "subscribe", "room": "1", "after": None}, "bad_request"),
        ({"type": "subscribe", "room": True, "after": None}, "bad_request"),
        ({"type": "subscribe", "room": 1, "after": "x"}, "bad_request"),
        ({"type": "send", "room": 1, "client_id": 7, "body": "x"}, "bad_request"),
        ({"type": "send", "room": 1, "client_id": "x" * 65, "body": "x"}, "bad_request"),
        ({"type": "send", "room": 1, "client_id": "c", "body": None}, "bad_request"),
        ({"type": "send", "room": None, "client_id": "c", "body": "x"}, "bad_request"),
        ({"type": "edit", "room": 1, "message": "1", "body": "x"}, "bad_request"),
        ({"type": "delete", "room": 1, "message": None}, "bad_request"),
        ({"type": "read", "room": 1, "message": -3}, "bad_request"),
        ({"type": "typing", "room": 1}, "not_subscribed"),
        ({"type": "message", "room": 1}, "unknown_type"),
        ({"type": "chat.frame", "room": 1}, "unknown_type"),
    ],
)
async def test_wrong_frames_get_an_error_frame_and_the_socket_stays_usable(frame, code):
    sock = await connect(await member())
    await sock.send_json_to(frame)
    error = await next_of(sock, "error")
    assert error["code"] == code
    await sock.send_json_to({"type": "ping"})
    assert await sock.receive_json_from() == {"type": "pong"}
    await sock.disconnect()


async def test_too_long_messages_and_huge_frames_are_refused_with_error_frames():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    sock = await connect(ala)
    await sock.send_json_to({"type": "send", "room": room.pk, "client_id": "l", "body": "x" * 4001})
    error = await next_of(sock, "error")
    assert (error["code"], error["ref"]) == ("too_long", "l")
    await sock.send_to(
        text_data=json.dumps(
            {"type": "send", "room": room.pk, "client_id": "h", "body": "x" * 17000}
        )
    )
    assert (await next_of(sock, "error"))["code"] == "frame_too_large"
    assert await stored(room) == []
    await sock.disconnect()


async def test_a_flood_of_sends_is_rate_limited_with_an_error_frame():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    sock = await connect(ala)
    codes = []
    for i in range(12):
        await sock.send_json_to({"type": "send", "room": room.pk, "client_id": str(i), "body": "x"})
        frame = await frames_until_any(sock, {"ack", "error"})
        codes.append(frame.get("code", frame["type"]))
    assert codes[:10] == ["ack"] * 10
    assert codes[10:] == ["rate_limited", "rate_limited"]
    assert len(await stored(room)) == 10
    await sock.disconnect()


async def frames_until_any(communicator, types: set[str]) -> dict:
    while True:
        frame = await communicator.receive_json_from(timeout=10)
        if frame["type"] in types:
            return frame


async def test_edit_and_delete_reach_the_room_and_others_messages_are_refused():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    await post(room, ala, "pierwsza", "a")
    alas, olas = await connect(ala), await connect(ola)
    await subscribe(alas, room)
    await subscribe(olas, room)
    await olas.send_json_to({"type": "edit", "room": room.pk, "message": 1, "body": "nie moje"})
    error = await next_of(olas, "error")
    assert (error["code"], error["ref"]) == ("forbidden", 1)
    await olas.send_json_to({"type": "delete", "room": room.pk, "message": 1})
    assert (await next_of(olas, "error"))["code"] == "forbidden"
    await alas.send_json_to({"type": "edit", "room": room.pk, "message": 1, "body": "_poprawiona_"})
    edited = await next_of(olas, "edited")
    assert edited["room"] == room.pk
    assert edited["message"]["body_html"] == "<p><em>poprawiona</em></p>"
    assert edited["message"]["edited"] is not None
    await alas.send_json_to({"type": "delete", "room": room.pk, "message": 1})
    assert await next_of(olas, "deleted") == {"type": "deleted", "room": room.pk, "message": 1}
    await alas.send_json_to({"type": "edit", "room": room.pk, "message": 9, "body": "x"})
    assert (await next_of(alas, "error"))["code"] == "not_found"
    await alas.disconnect()
    await olas.disconnect()


async def test_a_deleted_message_is_replayed_as_deleted():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    message = await post(room, ala, "ups", "a")
    await database_sync_to_async(chat.delete_message)(message=message, by=ala)
    sock = await connect(ola)
    assert await subscribe(sock, room, after=0) == [
        {"type": "deleted", "room": room.pk, "message": 1}
    ]
    await sock.disconnect()


async def test_typing_presence_and_read_markers_reach_the_other_member():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    await post(room, ala, "hej", "a")
    alas, olas = await connect(ala), await connect(ola)
    await subscribe(alas, room)
    await subscribe(olas, room)
    presence = await next_of(alas, "presence")
    assert presence == {
        "type": "presence",
        "room": room.pk,
        "online": sorted([ala.username, ola.username]),
    }
    await olas.send_json_to({"type": "typing", "room": room.pk})
    assert await next_of(alas, "typing") == {
        "type": "typing",
        "room": room.pk,
        "author": ola.username,
    }
    await olas.send_json_to({"type": "read", "room": room.pk, "message": 1})
    assert await next_of(alas, "read") == {
        "type": "read",
        "room": room.pk,
        "author": ola.username,
        "message": 1,
    }
    await olas.send_json_to({"type": "unsubscribe", "room": room.pk})
    assert (await next_of(alas, "presence"))["online"] == [ala.username]
    await alas.disconnect()
    await olas.disconnect()


async def test_a_removed_member_loses_the_room_within_a_second():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    olas = await connect(ola)
    await subscribe(olas, room)
    await database_sync_to_async(chat.remove_room_member)(room=room, user=ola)
    error = await asyncio.wait_for(next_of(olas, "error"), timeout=1)
    assert (error["code"], error["ref"]) == ("removed", room.pk)
    await post(room, ala, "już nie dla Oli", "a")
    assert await olas.receive_nothing(timeout=0.3)
    await olas.send_json_to({"type": "send", "room": room.pk, "client_id": "z", "body": "x"})
    assert (await next_of(olas, "error"))["code"] == "not_found"
    await olas.disconnect()


async def test_an_open_socket_rejoins_its_rooms_after_the_layer_forgets_them(settings):
    settings.CHAT_HEARTBEAT_SECONDS = 0.2
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    olas = await connect(ola)
    await subscribe(olas, room)
    # What a Redis restart does to a socket: its group memberships are gone. (Flushing Redis
    # itself would also drop the test's own connection to it.)
    layer = get_channel_layer()
    for channel_name in await database_sync_to_async(cache.get)(f"chat:presence:{room.pk}"):
        await layer.group_discard(room_group(room.pk), channel_name)
    await post(room, ala, "po restarcie", "a")
    message = await next_of(olas, "message")
    assert message["message"]["id"] == 1
    await post(room, ala, "na żywo", "b")
    assert (await next_of(olas, "message"))["message"]["id"] == 2
    await olas.disconnect()
