"""Redis under a live Daphne: quiet sockets stay open, dead processes leave the room groups,
and pages keep being served while Redis is down (tests/network/faults.py starts the processes)."""

import asyncio
import json
import signal
import time

import pytest
import redis
from django.db import connection

from network.chat.events import room_group
from tests.members.factories import UserFactory
from tests.network.chat_factories import conversation
from tests.network.faults import (
    daphne,
    database_copy,
    get,
    open_socket,
    redis_server,
    session_cookie,
    subscribe,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a shared PostgreSQL"),
]

IDLE_SECONDS = 60


def room_with_members(count: int):
    """A conversation of `count` members, and a session cookie for each."""
    members = [UserFactory() for _ in range(count)]
    return conversation(*members), [session_cookie(member) for member in members]


async def frames_for(ws, seconds: float) -> list[dict]:
    """Every frame the socket gets in `seconds`; ConnectionClosed if the server closes it."""
    frames = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), timeout=left)))
        except TimeoutError:
            break
    return frames


def message_ids(frames: list[dict]) -> list[int]:
    return [frame["message"]["id"] for frame in frames if frame["type"] == "message"]


async def send(ws, room_id: int, client_id: str, body: str = "Hej") -> None:
    await ws.send(
        json.dumps({"type": "send", "room": room_id, "client_id": client_id, "body": body})
    )


def test_idle_subscribed_sockets_stay_open_for_a_minute():
    room, cookies = room_with_members(5)

    async def scenario(server):
        sockets = [await open_socket(server, cookie) for cookie in cookies]
        for ws in sockets:
            await subscribe(ws, room.pk)
        # Nothing is sent for a minute; before the fix each socket was closed (1011) at ~6 s.
        results = await asyncio.gather(
            *(frames_for(ws, IDLE_SECONDS) for ws in sockets), return_exceptions=True
        )
        assert [result for result in results if isinstance(result, Exception)] == []
        # Still delivering, not just open.
        await send(sockets[0], room.pk, "1")
        delivered = await asyncio.gather(*(frames_for(ws, 3) for ws in sockets))
        assert [message_ids(frames) for frames in delivered] == [[1]] * len(sockets)
        for ws in sockets:
            await ws.close()

    with (
        redis_server() as redis_,
        database_copy() as database,
        daphne(database.url, redis_.url) as server,
    ):
        asyncio.run(scenario(server))
        log = server.stop()
    assert "TimeoutError" not in log


def group_size(client: redis.Redis, group: str) -> int:
    [key] = client.keys(f"*:group:{group}")
    return client.zcard(key)


def test_a_dead_servers_channels_leave_the_room_group_within_the_expiry():
    room, cookies = room_with_members(5)
    fast = {"CHAT_HEARTBEAT_SECONDS": "1", "CHAT_GROUP_EXPIRY_SECONDS": "3"}

    async def scenario(doomed, survivor, client):
        on_doomed = [await open_socket(doomed, cookie) for cookie in cookies[:3]]
        on_survivor = [await open_socket(survivor, cookie) for cookie in cookies[3:]]
        for ws in on_doomed + on_survivor:
            await subscribe(ws, room.pk)
        assert group_size(client, room_group(room.pk)) == 5

        doomed.stop(signal.SIGKILL)
        await asyncio.gather(*(frames_for(ws, 4.5) for ws in on_survivor))
        # A broadcast goes only to the living (channels-redis trims the group as it sends).
        await send(on_survivor[0], room.pk, "1")
        delivered = await asyncio.gather(*(frames_for(ws, 2) for ws in on_survivor))
        assert [message_ids(frames) for frames in delivered] == [[1], [1]]
        assert group_size(client, room_group(room.pk)) == 2
        for ws in on_survivor:
            await ws.close()

    with redis_server() as redis_, database_copy() as database:
        client = redis.Redis.from_url(redis_.url)
        with (
            daphne(database.url, redis_.url, **fast) as doomed,
            daphne(database.url, redis_.url, **fast) as survivor,
        ):
            asyncio.run(scenario(doomed, survivor, client))
        client.close()


def test_pages_are_served_and_healthz_names_redis_while_it_is_down(home):
    cookie = session_cookie(UserFactory())
    with (
        redis_server() as redis_,
        database_copy() as database,
        # Asks Redis for the page generation on every request, as it would after the trusted second.
        daphne(database.url, redis_.url, ANONYMOUS_PAGE_GENERATION_SECONDS="0") as server,
    ):
        assert get(f"{server.url}/healthz")[0] == 200
        assert get(f"{server.url}/pl/")[0] == 200  # now in the page cache

        redis_.stop()
        status, _, body = get(f"{server.url}/healthz")
        assert status == 503
        assert json.loads(body) == {
            "status": "unavailable",
            "database": "ok",
            "channel_layer": "unavailable",
            "cache": "unavailable",
        }
        for path in ["/pl/", "/en/", "/pl/forum/"]:
            assert get(f"{server.url}{path}")[0] == 200, path
        # Signed in (a visitor would be sent to log in): the session comes from the database.
        assert get(f"{server.url}/pl/chat/", cookie)[0] == 200

        redis_.start()
        assert get(f"{server.url}/healthz")[0] == 200
        assert get(f"{server.url}/pl/")[0] == 200
        log = server.stop()
    assert "Traceback" not in log
    assert log.count("page cache off") == 1
