"""The site keeps serving when a shared part fails (in this process; the fault tests in
test_faults_*.py stop real Redis and PostgreSQL servers under a running Daphne).

The cache here points at a port where nothing listens, through the production backend
(network/core/cache.py); the database fails through Django's query hook (`execute_wrapper`), which
raises what psycopg raises when the server has gone away.
"""

import logging

import pytest
from django.core.cache import cache, caches
from django.db import OperationalError, connection
from django.test import Client

from network.core import page_cache
from network.core.cache import failures
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "network.core.cache.FailSoftRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    # Every request asks the shared cache for the pages' generation (none is trusted from before).
    settings.ANONYMOUS_PAGE_GENERATION_SECONDS = 0
    caches["pages"].clear()


def test_the_unreachable_cache_answers_misses_and_loses_writes(redis_down):
    before = failures.count
    cache.set("greeting", "dzień dobry")
    assert cache.get("greeting", "missing") == "missing"
    assert cache.add("greeting", 1) is False
    assert cache.incr("counter") == 1  # as if just created: rate limits let the action through
    assert cache.get_many(["greeting"]) == {}
    assert "greeting" not in cache
    assert cache.delete("greeting") is False
    assert failures.count == before + 7


def test_visitors_get_pages_without_the_page_cache_logged_once(home, redis_down, caplog):
    before = page_cache.bypassed.count
    page_cache.bypassed._last_logged = float("-inf")  # as in a fresh process
    with caplog.at_level(logging.WARNING, logger="network.core.page_cache"):
        for _ in range(3):
            response = Client().get("/pl/")
            assert response.status_code == 200
    assert page_cache.bypassed.count == before + 3
    lines = [record for record in caplog.records if record.name == "network.core.page_cache"]
    assert len(lines) == 1
    assert "page cache off" in lines[0].getMessage()
    assert len(caches["pages"]._cache) == 0


def test_a_signed_in_member_is_served_from_the_database_while_the_cache_is_down(home, redis_down):
    member = UserFactory(first_name="Ala", last_name="Nowak")
    client = Client()
    client.force_login(member)
    response = client.get("/pl/")
    assert response.status_code == 200
    assert response.wsgi_request.user == member
    # A second request reads the session again (nothing was cached): still signed in.
    assert client.get("/pl/").wsgi_request.user == member


def test_healthz_names_the_cache_when_redis_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "channel_layer": "ok",
        "cache": "unavailable",
    }


def server_gone(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


def test_an_unreachable_database_gets_the_503_page_and_one_log_line(home, caplog):
    client = Client(raise_request_exception=False)
    with (
        caplog.at_level(logging.ERROR, logger="django.request"),
        connection.execute_wrapper(server_gone),
    ):
        response = client.get("/en/forum/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Temporarily unavailable" in page
    assert "Traceback" not in page
    assert "OperationalError" not in page
    [line] = [record for record in caplog.records if record.name == "django.request"]
    assert line.exc_info is None
    assert line.getMessage() == (
        "Service Unavailable: /en/forum/ (database unavailable: OperationalError: "
        "server closed the connection unexpectedly)"
    )
    # The first request after the database is back is served.
    assert client.get("/en/forum/").status_code == 200


def test_the_503_page_is_in_the_visitors_language(home):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(server_gone):
        response = client.get("/pl/forum/")
    assert response.status_code == 503
    assert '<html lang="pl">' in response.content.decode()
    assert "Chwilowo niedostępne" in response.content.decode()


def test_other_errors_keep_the_500_page(home):
    def broken(execute, sql, params, many, context):
        raise ZeroDivisionError

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(broken):
        response = client.get("/en/forum/")
    assert response.status_code == 500
    assert "Server error" in response.content.decode()


def test_healthz_answers_503_json_when_the_database_is_unreachable(client):
    with connection.execute_wrapper(server_gone):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "channel_layer": "ok",
        "cache": "ok",
    }
