"""Scale-out: two Daphne processes share rooms through channels-redis (REDIS_URL).

The servers are real processes started with the `daphne` command on the test database, so the
test needs PostgreSQL too (an in-memory SQLite database cannot be shared with another process).
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import websockets
from channels.db import database_sync_to_async
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.members.factories import UserFactory
from tests.network.chat_factories import conversation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (channels-redis)"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a shared PostgreSQL"),
]

DAPHNE = Path(sys.executable).with_name("daphne")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def daphne_server():
    port = free_port()
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        # The test database, which the servers share with this test.
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
    }
    process = subprocess.Popen(
        [str(DAPHNE), "-b", "127.0.0.1", "-p", str(port), "network.asgi:application"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"daphne exited: {process.stderr.read().decode()[-2000:]}")
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@database_sync_to_async
def cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def open_socket(port: int, user):
    return await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers=[("Cookie", await cookie_for(user))],
    )


async def until(ws, frame_type: str) -> list[dict]:
    frames = []
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        frames.append(frame)
        if frame["type"] == frame_type:
            return frames


async def subscribe(ws, room_id: int, after=None) -> list[dict]:
    await ws.send(json.dumps({"type": "subscribe", "room": room_id, "after": after}))
    return (await until(ws, "presence"))[:-1]


async def send(ws, room_id: int, client_id: str, body: str) -> None:
    await ws.send(
        json.dumps({"type": "send", "room": room_id, "client_id": client_id, "body": body})
    )
    await until(ws, "ack")


async def test_a_message_sent_through_one_server_reaches_a_client_of_the_other():
    ala, ola = (
        await database_sync_to_async(UserFactory)(),
        await database_sync_to_async(UserFactory)(),
    )
    room = await database_sync_to_async(conversation)(ala, ola)
    with daphne_server() as first, daphne_server() as second:
        alas, olas = await open_socket(first, ala), await open_socket(second, ola)
        await subscribe(alas, room.pk)
        await subscribe(olas, room.pk)
        await send(alas, room.pk, "1", "Przez pierwszy serwer")
        message = (await until(olas, "message"))[-1]["message"]
        assert (message["id"], message["body_html"]) == (1, "<p>Przez pierwszy serwer</p>")

        # Ola drops off the second server; Ala goes on; Ola comes back through the first one.
        await olas.close()
        for n in range(2, 5):
            await send(alas, room.pk, str(n), f"Wiadomość {n}")
        olas = await open_socket(first, ola)
        replay = await subscribe(olas, room.pk, after=1)
        assert [frame["message"]["id"] for frame in replay] == [2, 3, 4]
        await send(alas, room.pk, "5", "Na żywo")
        assert (await until(olas, "message"))[-1]["message"]["id"] == 5
        await alas.close()
        await olas.close()
