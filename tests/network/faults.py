"""Real processes for the fault tests: a Redis server of their own on a free port (stopped and
started again by the test), a copy of the test database that can be taken offline, and Daphne
serving the site on them, as in production.

Outside CI a missing `redis-server` skips these tests; in CI (CI=true) it fails them, so a broken
CI image cannot pass by skipping. They need PostgreSQL: Daphne runs in another process and must
share the test's rows, which an in-memory SQLite database cannot.

The tests are plain functions that run their sockets with `asyncio.run`: the test database is
copied from the test's own thread, whose connection must be closed first.
"""

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg
import pytest
import websockets
from django.conf import settings
from django.db import connection
from django.test import Client

DAPHNE = Path(sys.executable).with_name("daphne")
STARTUP_SECONDS = 30


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None:
                output = process.stderr.read().decode()[-2000:] if process.stderr else ""
                pytest.fail(f"{name} exited: {output}")
            time.sleep(0.1)
    pytest.fail(f"{name} did not start on port {port}")


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class RedisServer:
    """A redis-server of the test's own, on a free port; `stop()` and `start()` on the same port."""

    def __init__(self):
        self.binary = require("redis-server")
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_for_port(self.port, self.process, "redis-server")

    def stop(self) -> None:
        # KILL: a crash, not a polite shutdown; without persistence everything in it is lost.
        stop(self.process, signal.SIGKILL)


@contextmanager
def redis_server():
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def admin_connection():
    """A connection to the server's maintenance database, for creating and dropping others."""
    database = connection.settings_dict
    return psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


class Database:
    """A copy of the test database (rows committed so far included), dropped at the end."""

    def __init__(self):
        self.name = f"faults_{uuid.uuid4().hex[:12]}"

    @property
    def url(self) -> str:
        database = connection.settings_dict
        return (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{self.name}"
        )

    def create(self) -> None:
        # A template may have no other connection while it is copied: this test's own goes.
        connection.close()
        with admin_connection() as admin:
            admin.execute(
                f'CREATE DATABASE "{self.name}" TEMPLATE "{connection.settings_dict["NAME"]}"'
            )

    def go_offline(self) -> None:
        """As if the server went away: new connections refused, open ones cut."""
        with admin_connection() as admin:
            admin.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [self.name],
            )

    def come_back(self) -> None:
        with admin_connection() as admin:
            admin.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')

    def drop(self) -> None:
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@contextmanager
def database_copy():
    database = Database()
    database.create()
    try:
        yield database
    finally:
        database.drop()


class Daphne:
    def __init__(self, database_url: str, redis_url: str, **env: str):
        self.port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.fault_settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "REDIS_PREFIX": "faults",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        self.process = None
        self.log = b""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(DAPHNE), "-b", "127.0.0.1", "-p", str(self.port), "network.asgi:application"],
            env=self.env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_for_port(self.port, self.process, "daphne")

    def stop(self, sig=signal.SIGTERM) -> str:
        """Stops the server; returns what it logged."""
        stop(self.process, sig)
        self.log += self.process.stderr.read()
        return self.log.decode(errors="replace")


@contextmanager
def daphne(database_url: str, redis_url: str, **env: str):
    server = Daphne(database_url, redis_url, **env)
    server.start()
    try:
        yield server
    finally:
        server.stop(signal.SIGKILL)


def session_cookie(user) -> str:
    """A signed-in session in the test database (copy it afterwards for a server to see it)."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def open_socket(server: Daphne, cookie: str):
    return await websockets.connect(
        f"ws://127.0.0.1:{server.port}/ws/",
        origin=server.url,
        additional_headers=[("Cookie", cookie)],
        open_timeout=5,
    )


async def frames_until(ws, frame_type: str, timeout: float = 10) -> list[dict]:
    frames = []
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=timeout))
        frames.append(frame)
        if frame["type"] == frame_type:
            return frames


async def subscribe(ws, room_id: int, after=None) -> list[dict]:
    """Subscribes; returns the replayed frames (up to the presence frame that ends them)."""
    await ws.send(json.dumps({"type": "subscribe", "room": room_id, "after": after}))
    return (await frames_until(ws, "presence"))[:-1]


def get(url: str, cookie: str | None = None, timeout: float = 10):
    """(status, headers, body) of a GET, without following redirects."""
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        with suppress(Exception):
            return error.code, error.headers, error.read().decode()
        return error.code, error.headers, ""
