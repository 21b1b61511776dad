"""Settings are read from the environment; bad values stop start-up with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_BACKENDS = (
    "from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE']); "
    "print(settings.CHANNEL_LAYERS['default']['BACKEND']); "
    "print(settings.CACHES['default']['BACKEND'])"
)


def run_settings(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "HTTPS",
            "ALLOWED_HOSTS",
            "CHAT_HEARTBEAT_SECONDS",
            "CHAT_GROUP_EXPIRY_SECONDS",
        }
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "network.settings", "SECRET_KEY": "x" * 60})
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_embedded_default_uses_sqlite_in_memory_layer_and_local_cache():
    result = run_settings(PRINT_BACKENDS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    result = run_settings(
        PRINT_BACKENDS,
        DATABASE_URL="postgres://someone@db.example:5432/network",
        REDIS_URL="redis://cache.example:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "channels_redis.core.RedisChannelLayer",
        "network.core.cache.FailSoftRedisCache",
    ]


def test_the_channel_layer_reads_longer_than_it_blocks_and_groups_expire_in_a_few_heartbeats():
    result = run_settings(
        "from django.conf import settings; config = settings.CHANNEL_LAYERS['default']['CONFIG'];"
        "from channels_redis.core import RedisChannelLayer as Layer;"
        "print(config['hosts'][0]['socket_timeout'] > Layer.brpop_timeout, config['group_expiry'])",
        REDIS_URL="redis://cache.example:6379/0",
    )
    assert result.stdout.split() == ["True", "90"]


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DATABASE_URL": "mysql://root@localhost/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://localhost:notaport/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://localhost:5432"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"REDIS_URL": "redis://"}, "REDIS_URL"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        (
            {"CHAT_HEARTBEAT_SECONDS": "20", "CHAT_GROUP_EXPIRY_SECONDS": "30"},
            "CHAT_GROUP_EXPIRY_SECONDS",
        ),
    ],
)
def test_bad_configuration_stops_with_one_line_naming_the_variable(env, variable):
    result = run_settings("print('started')", **env)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Configuration error: {variable} ")


def test_debug_is_off_unless_asked_for():
    assert run_settings("from django.conf import settings; print(settings.DEBUG)").stdout == (
        "False\n"
    )


def test_production_settings_pass_the_deployment_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DEBUG"},
            "DJANGO_SETTINGS_MODULE": "network.settings",
            "SECRET_KEY": "a-long-production-secret-" + "k3y" * 20,
            "HTTPS": "1",
            "ALLOWED_HOSTS": "biblioteki.example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_keeps_sessions_in_host_prefixed_secure_cookies():
    result = run_settings(
        "from django.conf import settings; "
        "print(settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_COOKIE_NAME)",
        HTTPS="1",
    )
    assert result.stdout.split() == ["__Host-sessionid", "True", "__Host-csrftoken"]
