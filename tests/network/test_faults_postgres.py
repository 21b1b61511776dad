"""PostgreSQL goes away under a live Daphne (its database refuses connections and the open ones
are cut) and comes back: the 503 page and /healthz during, recovery on the first request after."""

import json

import pytest
from django.db import connection

from tests.members.factories import UserFactory
from tests.network.faults import daphne, database_copy, get, redis_server, session_cookie

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a shared PostgreSQL"),
]


def test_an_outage_gets_the_503_page_and_the_first_request_after_it_is_served(home):
    cookie = session_cookie(UserFactory())
    with (
        redis_server() as redis_,
        database_copy() as database,
        daphne(database.url, redis_.url) as server,
    ):
        assert get(f"{server.url}/healthz")[0] == 200
        assert get(f"{server.url}/en/")[0] == 200  # a visitor's page, now shared
        assert get(f"{server.url}/en/forum/", cookie)[0] == 200  # the server keeps a connection

        database.go_offline()
        status, headers, body = get(f"{server.url}/en/forum/?page=1")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Temporarily unavailable" in body
        assert "Traceback" not in body
        status, _, body = get(f"{server.url}/pl/forum/", cookie)
        assert status == 503
        assert "Chwilowo niedostępne" in body
        status, _, body = get(f"{server.url}/healthz")
        assert status == 503
        assert json.loads(body) == {
            "status": "unavailable",
            "database": "unavailable",
            "channel_layer": "ok",
            "cache": "ok",
        }
        # Visitors still get the pages shared before the outage.
        assert get(f"{server.url}/en/")[0] == 200

        database.come_back()
        assert get(f"{server.url}/en/forum/?page=1")[0] == 200
        assert get(f"{server.url}/pl/forum/", cookie)[0] == 200
        assert get(f"{server.url}/healthz")[0] == 200
        log = server.stop()
    assert "Traceback" not in log
    # One line for each page that could not be served, naming the cause.
    outage_lines = [line for line in log.splitlines() if "database unavailable" in line]
    # (after the level and the logger's name, which the text log format puts first)
    assert [line.split(" (")[0].split(": ", 1)[1] for line in outage_lines] == [
        "Service Unavailable: /en/forum/",
        "Service Unavailable: /pl/forum/",
    ]
