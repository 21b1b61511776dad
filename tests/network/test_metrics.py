"""/metrics: Prometheus' text format, for allowed addresses only; the figures follow the site."""

import re

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from network.asgi import application
from network.chat.services import post_message, start_conversation
from tests.members.factories import UserFactory


def figure(text: str, name: str) -> float:
    """The value of one sample line, e.g. 'network_websockets_open' or a labelled one."""
    match = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def scrape(client, **extra) -> str:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return response.content.decode()


@pytest.mark.django_db
def test_metrics_answer_loopback_and_the_allowed_networks_only(client, settings):
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_a_scraper_on_the_server_asks_by_address_over_plain_http(client, settings):
    # Production: HTTPS=1 redirects to https and only the site's name is an allowed host.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["siec.example.org"]
    assert client.get("/metrics", HTTP_HOST="127.0.0.1:8001").status_code == 200
    assert client.get("/pl/", HTTP_HOST="127.0.0.1:8001").status_code == 400
    assert client.get("/pl/", HTTP_HOST="siec.example.org").status_code == 301


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_client_address_decides(client, settings):
    # A proxy on loopback forwarding an outsider: without a trusted proxy the address is unknown,
    # with one it is the outsider's; a forged first hop changes nothing.
    outsider = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert client.get("/metrics", **outsider).status_code == 404
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client.get("/metrics", **outsider).status_code == 404
    forged = {"HTTP_X_FORWARDED_FOR": "127.0.0.1, 198.51.100.7"}
    assert client.get("/metrics", **forged).status_code == 404
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200


@pytest.mark.django_db
def test_requests_latencies_and_chat_messages_are_counted(client, home):
    before = scrape(client)
    ok = 'network_http_requests_total{method="GET",status="2xx"}'
    missing = 'network_http_requests_total{method="GET",status="4xx"}'
    client.get("/pl/")
    client.get("/pl/no-such-page/")
    client.get("/pl/no-such-page/")
    alice, bob = UserFactory(), UserFactory()
    room = start_conversation(starter=alice, title="Dyżury", members=[bob])
    post_message(author=alice, room=room, body="Dzień dobry", client_id="m1")

    after = scrape(client)
    # The first scrape counts as a 2xx GET too.
    assert figure(after, ok) == figure(before, ok) + 2
    assert figure(after, missing) == figure(before, missing) + 2
    count = "network_http_request_duration_seconds_count"
    assert figure(after, count) == figure(before, count) + 4
    infinite = 'network_http_request_duration_seconds_bucket{le="+Inf"}'
    assert figure(after, infinite) == figure(after, count)
    assert figure(after, "network_chat_messages_last_minute") == 1
    assert figure(after, "network_tasks_queued") == 0


@database_sync_to_async
def session_cookie() -> str:
    client = Client()
    client.force_login(UserFactory())
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@database_sync_to_async
def open_sockets() -> float:
    return figure(scrape(Client()), "network_websockets_open")


@pytest.mark.django_db(transaction=True)
async def test_open_websockets_go_up_and_down_with_connections():
    start = await open_sockets()
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    sockets = []
    for _ in range(2):
        cookie = (b"cookie", (await session_cookie()).encode())
        sockets.append(WebsocketCommunicator(application, "/ws/", headers=[*headers, cookie]))
        connected, _ = await sockets[-1].connect()
        assert connected
    assert await open_sockets() == start + 2
    # A refused (anonymous) socket is not counted.
    refused = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await refused.connect()
    assert not connected
    await refused.disconnect()
    assert await open_sockets() == start + 2
    await sockets[0].disconnect()
    assert await open_sockets() == start + 1
    await sockets[1].disconnect()
    assert await open_sockets() == start
