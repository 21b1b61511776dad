"""Fault tests of live delivery on a Redis of their own under a live Daphne.

1. A chat conversation across a Redis restart: lost 0, duplicated 0 acked messages, in order,
   live again within a heartbeat.
2. A quiet socket keeps its user group past CHAT_GROUP_EXPIRY_SECONDS: the heartbeat re-joins
   the member's own groups and forum watches as well as the rooms.
"""

import asyncio
import json
import os
import time

import pytest
import websockets
from django.db import connection

from tests.network.faults import daphne, database_copy, open_socket, redis_server, subscribe
from tests.network.test_faults_redis import message_ids, room_with_members, send

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a shared PostgreSQL"),
]


class Reader:
    """Reads a room like the bundled client: on a lost connection it reconnects and resumes
    after the last id it saw. Every message frame it ever got is kept, in arrival order."""

    def __init__(self, server, cookie: str, room_id: int):
        self.server, self.cookie, self.room_id = server, cookie, room_id
        self.received: list[int] = []
        self.reconnects = 0

    async def run(self) -> None:
        while True:
            try:
                ws = await open_socket(self.server, self.cookie)
            except (OSError, websockets.InvalidStatus, TimeoutError):
                await asyncio.sleep(0.2)
                continue
            try:
                last = self.received[-1] if self.received else None
                self.received += message_ids(await subscribe(ws, self.room_id, after=last))
                async for text in ws:
                    frame = json.loads(text)
                    if frame["type"] == "message":
                        self.received.append(frame["message"]["id"])
            except (websockets.ConnectionClosed, TimeoutError):
                pass
            finally:
                await ws.close()
            self.reconnects += 1


async def send_until_acked(server, cookie: str, room_id: int, client_id: str) -> int:
    """Sends (again, with the same client_id) until the server acknowledges; the message's id."""
    while True:
        try:
            async with await open_socket(server, cookie) as ws:
                await send(ws, room_id, client_id, f"Wiadomość {client_id}")
                while True:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=3))
                    if frame["type"] == "ack" and frame["client_id"] == client_id:
                        return frame["message"]
                    if frame["type"] == "error":  # `unavailable`: try again
                        break
        except (OSError, websockets.InvalidStatus, websockets.ConnectionClosed, TimeoutError):
            pass
        await asyncio.sleep(0.2)


def test_a_conversation_goes_on_across_a_redis_restart():
    """Lost 0, duplicated 0, in order; live again within a heartbeat of Redis coming back."""
    heartbeat = 2
    room, [ala, ola] = room_with_members(2)

    async def scenario(server, redis_):
        reader = Reader(server, ola, room.pk)
        reading = asyncio.create_task(reader.run())
        acked = [await send_until_acked(server, ala, room.pk, str(n)) for n in range(1, 6)]

        redis_.stop()
        sending = asyncio.gather(*(send_until_acked(server, ala, room.pk, str(n)) for n in (6, 7)))
        await asyncio.sleep(3)
        redis_.start()
        back = time.monotonic()
        acked += await sending
        acked.append(await send_until_acked(server, ala, room.pk, "8"))
        while set(acked) - set(reader.received) and time.monotonic() - back < heartbeat + 5:
            await asyncio.sleep(0.1)
        recovered = time.monotonic() - back
        reading.cancel()
        return acked, reader.received, recovered

    with (
        redis_server() as redis_,
        database_copy() as database,
        daphne(database.url, redis_.url, CHAT_HEARTBEAT_SECONDS=str(heartbeat)) as server,
    ):
        acked, received, recovered = asyncio.run(asyncio.wait_for(scenario(server, redis_), 60))
    assert sorted(acked) == list(range(1, 9))
    assert set(acked) - set(received) == set()  # lost: 0
    assert len(received) == len(set(received))  # duplicated: 0
    assert received == sorted(received)
    assert recovered < heartbeat + 2


def test_a_quiet_socket_keeps_its_own_groups_past_the_group_expiry():
    """The user and session groups (notifications, log-out) and forum watches must be re-joined
    on the heartbeat too, or they leave the group after CHAT_GROUP_EXPIRY_SECONDS."""
    from channels_redis.core import RedisChannelLayer

    from network.core.live import FRAME_EVENT, user_group
    from tests.members.factories import UserFactory
    from tests.network.faults import session_cookie

    member = UserFactory()
    cookie = session_cookie(member)
    fast = {"CHAT_HEARTBEAT_SECONDS": "1", "CHAT_GROUP_EXPIRY_SECONDS": "3"}

    async def scenario(server, redis_url):
        ws = await open_socket(server, cookie)
        await asyncio.sleep(5)  # past the expiry, no room subscribed
        # tests/settings.py: the server's prefix, with the pytest worker's name.
        prefix = f"faults-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        layer = RedisChannelLayer(hosts=[redis_url], prefix=prefix)
        await layer.group_send(
            user_group(member.pk), {"type": FRAME_EVENT, "frame": {"type": "notification"}}
        )
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=3))
        assert frame == {"type": "notification"}
        await ws.close()

    with (
        redis_server() as redis_,
        database_copy() as database,
        daphne(database.url, redis_.url, **fast) as server,
    ):
        asyncio.run(scenario(server, redis_.url))
