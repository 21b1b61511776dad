import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from network.asgi import application
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def session_cookie() -> str:
    client = Client()
    client.force_login(UserFactory())
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def socket(cookie: str | None = None, origin: str = "http://localhost") -> WebsocketCommunicator:
    headers = [(b"origin", origin.encode()), (b"host", b"localhost")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, "/ws/", headers=headers)


async def test_signed_in_member_gets_pong_for_ping():
    communicator = socket(await session_cookie())
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from() == {"type": "pong"}
    await communicator.disconnect()


async def test_socket_without_a_session_is_refused():
    communicator = socket()
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()


async def test_socket_from_a_foreign_origin_is_refused():
    communicator = socket(await session_cookie(), origin="https://evil.example")
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "malformed"),
        ("[1, 2]", "malformed"),
        (json.dumps({"type": 5}), "malformed"),
        (json.dumps({"type": "__init__"}), "unknown_type"),
        (json.dumps({"type": "ping", "pad": "x" * 17000}), "frame_too_large"),
    ],
)
async def test_bad_frames_get_an_error_frame_and_the_socket_stays_usable(frame, code):
    communicator = socket(await session_cookie())
    await communicator.connect()
    await communicator.send_to(text_data=frame)
    error = await communicator.receive_json_from()
    assert error["type"] == "error"
    assert error["code"] == code
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from() == {"type": "pong"}
    await communicator.disconnect()
