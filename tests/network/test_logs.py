"""Log lines: JSON with the request or socket id and the user id in production, and never a
password, token, cookie or message body, whatever the code around them logs."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from network.asgi import application
from network.chat.services import start_conversation
from network.core.logs import JsonFormatter, RedactSecretsFilter
from tests.members.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Sekretne-Haslo-987"
CHAT_BODY = "Poufna wiadomość o budżecie"


@pytest.fixture
def json_log():
    """Every record at INFO and above, through the production formatter and filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactSecretsFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_a_request_logs_one_json_line_with_its_id_and_member(client, json_log, home):
    member = UserFactory()
    client.force_login(member)
    response = client.get("/pl/no-such-page/", HTTP_X_REQUEST_ID="edge-4f2a9c1e")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "edge-4f2a9c1e"
    [line] = [line for line in lines(json_log) if line["logger"] == "django.request"]
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /pl/no-such-page/"
    assert line["request_id"] == "edge-4f2a9c1e"
    assert line["user_id"] == member.pk
    assert line["time"].endswith("+00:00")
    # An id that does not look like one is replaced; none is generated twice.
    forged = client.get("/pl/", HTTP_X_REQUEST_ID='"><script>').headers["X-Request-ID"]
    assert len(forged) == 32
    assert forged.isalnum()
    assert client.get("/pl/").headers["X-Request-ID"] != forged


@pytest.mark.django_db
def test_a_failed_log_in_and_a_failure_with_its_form_data_leave_no_secret(json_log, home):
    member = UserFactory()
    client = Client()
    response = client.post("/pl/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 200
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    # Code that logs a failure with the request's data, as code under pressure does.
    post = {"login": member.email, "password": PASSWORD, "csrfmiddlewaretoken": "tok-123456"}
    try:
        raise ValueError(f"authentication failed: password={PASSWORD} sessionid={cookie}")
    except ValueError:
        logging.getLogger("members").exception("log-in failed with %s", post)
    logging.getLogger("members").warning("headers: Cookie: sessionid=%s", cookie)

    text = json_log.getvalue()
    assert "log-in failed with" in text
    assert member.email in text
    for secret in (PASSWORD, cookie, "tok-123456"):
        assert secret not in text


@database_sync_to_async
def member_with_room():
    alice, bob = UserFactory(), UserFactory()
    room = start_conversation(starter=alice, title="Budżet", members=[bob])
    client = Client()
    client.force_login(alice)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return alice, room, cookie


@pytest.mark.django_db(transaction=True)
async def test_a_socket_logs_its_connection_and_member_but_no_message(json_log):
    alice, room, cookie = await member_with_room()
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    socket = WebsocketCommunicator(
        application, "/ws/", headers=[*headers, (b"cookie", cookie.encode())]
    )
    connected, _ = await socket.connect()
    assert connected
    await socket.send_json_to({"type": "subscribe", "room": room.pk})
    await socket.send_json_to(
        {"type": "send", "room": room.pk, "client_id": "c1", "body": CHAT_BODY}
    )
    frames = [await socket.receive_json_from(timeout=5) for _ in range(3)]
    assert any(frame["type"] == "ack" for frame in frames), frames
    await socket.disconnect()

    socket_lines = [line for line in lines(json_log) if line["logger"] == "network.consumers"]
    assert [line["message"] for line in socket_lines][:1] == ["live socket opened"]
    assert {line["user_id"] for line in socket_lines} == {alice.pk}
    assert len({line["connection_id"] for line in socket_lines}) == 1
    assert CHAT_BODY not in json_log.getvalue()
    assert cookie.split("=")[1] not in json_log.getvalue()


def test_production_logs_json_lines_and_the_embedded_default_text():
    code = (
        "import logging, django; django.setup(); "
        "logging.getLogger('ops').warning('disk %s', 'full')"
    )
    base = {key: value for key, value in os.environ.items() if key not in {"LOG_FORMAT"}}
    base.update(DJANGO_SETTINGS_MODULE="network.settings", SECRET_KEY="x" * 60)
    production = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "PRODUCTION": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = json.loads(production.stderr)
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "ops", "disk full")
    embedded = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={key: value for key, value in base.items() if key != "PRODUCTION"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert embedded.stderr == "WARNING ops: disk full\n"
