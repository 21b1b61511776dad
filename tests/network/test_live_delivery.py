"""Delivery guarantees of /ws/ (docs/live-protocol.md): each message once and in id order on a
socket, replays in pages, control characters refused, outages answered cleanly."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection

from network.asgi import application
from network.chat.selectors import REPLAY_PAGE
from network.models import Message, Room
from tests.network.test_chat_consumer import (
    connect,
    cookie_for,
    frames_until,
    member,
    next_of,
    room_of,
    stored,
    subscribe,
)

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_heartbeat_racing_a_burst_never_sends_a_message_twice_or_out_of_order(settings):
    # A heartbeat catching up from the database every few milliseconds, while another member's
    # burst is broadcast live: both find the same messages.
    settings.CHAT_HEARTBEAT_SECONDS = 0.005
    settings.CHAT_SEND_LIMIT = 10_000
    burst = 300
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    alas, olas = await connect(ala), await connect(ola)
    await subscribe(alas, room)
    await subscribe(olas, room)
    for i in range(burst):
        await alas.send_json_to(
            {"type": "send", "room": room.pk, "client_id": f"b{i}", "body": "x"}
        )
    received = []
    while len(received) < burst:
        frame = await olas.receive_json_from(timeout=20)
        if frame["type"] == "message":
            received.append(frame["message"]["id"])
        elif frame["type"] == "backlog":
            await olas.send_json_to({"type": "subscribe", "room": room.pk, "after": received[-1]})
    assert received == list(range(1, burst + 1))  # no duplicate, no order violation
    await asyncio.sleep(0.2)  # a few more heartbeats: still nothing sent twice
    while not await olas.receive_nothing(timeout=0.1):
        frame = await olas.receive_json_from()
        assert frame["type"] != "message", frame
    await alas.disconnect()
    await olas.disconnect()


@database_sync_to_async
def fill(room, author, count: int) -> None:
    Message.objects.bulk_create(
        Message(
            room=room,
            seq=seq,
            author=author,
            author_name="Ala",
            author_handle=author.username,
            client_id=f"h{seq}",
            body=f"wiadomość {seq}",
            body_html=f"<p>wiadomość {seq}</p>",
        )
        for seq in range(1, count + 1)
    )
    Room.objects.filter(pk=room.pk).update(last_seq=count)


async def test_a_long_replay_comes_in_pages_and_a_ping_is_answered_between_them():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    await fill(room, ala, 1000)
    olas = await connect(ola)
    await olas.send_json_to({"type": "subscribe", "room": room.pk, "after": 0})
    await olas.send_json_to({"type": "ping"})
    first = await frames_until(olas, "pong")
    ids = [frame["message"]["id"] for frame in first if frame["type"] == "message"]
    assert ids == list(range(1, REPLAY_PAGE + 1))  # the pong did not wait for the rest
    assert {"type": "backlog", "room": room.pk, "has_more": True} in first
    if not any(frame["type"] == "presence" for frame in first):
        # On Redis the presence broadcast comes back through the layer, after the pong.
        await frames_until(olas, "presence")
    seen = ids
    while True:
        await olas.send_json_to({"type": "subscribe", "room": room.pk, "after": seen[-1]})
        page = await frames_until(olas, "presence")
        seen += [frame["message"]["id"] for frame in page if frame["type"] == "message"]
        if not any(frame["type"] == "backlog" for frame in page):
            break
    assert seen == list(range(1, 1001))
    await olas.disconnect()


async def test_after_beyond_the_last_id_replays_nothing_and_a_negative_one_is_a_bad_request():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    await fill(room, ala, 3)
    olas = await connect(ola)
    await olas.send_json_to({"type": "subscribe", "room": room.pk, "after": -1})
    error = await next_of(olas, "error")
    assert (error["code"], error["ref"]) == ("bad_request", room.pk)
    assert await subscribe(olas, room, after=10**12) == []
    alas = await connect(ala)
    await alas.send_json_to({"type": "send", "room": room.pk, "client_id": "n", "body": "nowa"})
    assert (await next_of(olas, "message"))["message"]["id"] == 4  # not hidden by the stale id
    await alas.disconnect()
    await olas.disconnect()


@pytest.mark.parametrize("body", ["a\x00b", "dzwonek\x07", "\x1b[31mczerwony", "x\x7f"])
async def test_control_characters_are_refused_with_the_client_id_and_never_stored(body):
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    sock = await connect(ala)
    await sock.send_json_to({"type": "send", "room": room.pk, "client_id": "c", "body": body})
    error = await next_of(sock, "error")
    assert (error["code"], error["ref"]) == ("control_characters", "c")
    assert await stored(room) == []
    await sock.send_json_to(
        {"type": "send", "room": room.pk, "client_id": "ok", "body": "wiersz\nwiersz\tkoniec\r\n"}
    )
    assert (await next_of(sock, "ack"))["message"] == 1
    await sock.send_json_to({"type": "edit", "room": room.pk, "message": 1, "body": body})
    error = await next_of(sock, "error")
    assert (error["code"], error["ref"]) == ("control_characters", 1)
    assert await stored(room) == [(1, "wiersz\nwiersz\tkoniec")]
    await sock.disconnect()


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="an unreachable database is simulated by pointing PostgreSQL's port elsewhere",
)


@database_sync_to_async
def close_database_connection() -> None:
    # Runs in the thread the consumer's queries run in, so its next query reconnects.
    connection.close()


class DatabaseDown:
    """PostgreSQL unreachable: new connections go to a port nobody listens on."""

    def __init__(self):
        self.port = connection.settings_dict["PORT"]

    async def __aenter__(self):
        connection.settings_dict["PORT"] = "1"
        await close_database_connection()

    async def __aexit__(self, *exc):
        connection.settings_dict["PORT"] = self.port
        await close_database_connection()


@postgres_only
async def test_a_send_while_the_database_is_down_is_answered_unavailable_and_not_acked(caplog):
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    sock = await connect(ala)
    await subscribe(sock, room)
    frame = {"type": "send", "room": room.pk, "client_id": "d1", "body": "w ciemno"}
    async with DatabaseDown():
        await sock.send_json_to(frame)
        answer = await sock.receive_json_from(timeout=10)
        assert (answer["type"], answer["code"], answer["ref"]) == ("error", "unavailable", "d1")
        assert await sock.receive_nothing(timeout=0.3)  # no ack
    assert await stored(room) == []
    assert not [record for record in caplog.records if record.exc_info]  # no traceback
    await sock.send_json_to(frame)  # the client's retry, once the database is back
    assert (await next_of(sock, "ack"))["message"] == 1
    assert await stored(room) == [(1, "w ciemno")]
    await sock.disconnect()


@postgres_only
async def test_a_handshake_while_the_database_is_down_is_refused_cleanly(caplog):
    ala = await member()
    headers = [
        (b"origin", b"http://localhost"),
        (b"host", b"localhost"),
        (b"cookie", (await cookie_for(ala)).encode()),
    ]
    async with DatabaseDown():
        communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
        connected, _code = await communicator.connect(timeout=10)
        assert not connected
        await communicator.disconnect()
    assert not [record for record in caplog.records if record.exc_info]
    sock = await connect(ala)  # and accepted again once it is back
    await sock.send_json_to({"type": "ping"})
    assert await sock.receive_json_from() == {"type": "pong"}
    await sock.disconnect()


async def test_a_handshake_while_the_channel_layer_is_down_is_refused_cleanly(settings, caplog):
    ala = await member()
    headers = [
        (b"origin", b"http://localhost"),
        (b"host", b"localhost"),
        (b"cookie", (await cookie_for(ala)).encode()),
    ]
    # A Redis nobody listens on: what the sockets see while Redis is down.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _code = await communicator.connect(timeout=10)
    assert not connected
    await communicator.disconnect()
    assert not [record for record in caplog.records if record.exc_info]
    assert "channel layer unavailable" in caplog.text


async def test_every_error_answering_a_send_names_its_client_id():
    ala, ola = await member(), await member()
    room = await room_of(ala, ola)
    sock = await connect(ala)
    frames = {
        "not_found": {"room": room.pk + 1000, "body": "hej"},
        "bad_request": {"room": room.pk, "body": 5},
        "empty": {"room": room.pk, "body": "  "},
    }
    for code, fields in frames.items():
        await sock.send_json_to({"type": "send", "client_id": f"id-{code}", **fields})
        error = await next_of(sock, "error")
        assert (error["code"], error["ref"]) == (code, f"id-{code}")
    await sock.disconnect()
