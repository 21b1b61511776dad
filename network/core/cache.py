"""The shared cache (Redis) as an optional speed-up: when Redis cannot be reached, every call
answers as if the key were missing or the write were lost, instead of raising.

Everything kept in this cache can be lost without harm (Redis restarts lose it too): sessions
are written through to the database (`cached_db`), page-cache generations start anew, rate-limit
counters start from zero and presence fills again. So while Redis is down, signed-in pages are
read from the database and rate limits are not enforced. Each failure is counted; the log gets
one line a minute at most, not one per request (a site under load would otherwise drown in it).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class Throttle:
    """Counts events and says when a log line is due: the first one, then once per interval."""

    def __init__(self, seconds: float = 60.0):
        self.seconds = seconds
        self.count = 0  # since the process started
        self._unlogged = 0
        self._last_logged = float("-inf")
        self._lock = threading.Lock()

    def record(self) -> int:
        """Counts one event; returns how many to report now, or 0 when a line was written lately."""
        with self._lock:
            self.count += 1
            self._unlogged += 1
            now = time.monotonic()
            if now - self._last_logged < self.seconds:
                return 0
            self._last_logged, reported, self._unlogged = now, self._unlogged, 0
            return reported


failures = Throttle()


def _failed(operation: str, error: Exception) -> None:
    if reported := failures.record():
        logger.warning(
            "cache unreachable, running without it (%d failed calls since the last report; "
            "last: %s: %s)",
            reported,
            operation,
            error,
        )


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object for every cache call (about 0.1 ms, as
    much as a call to a local Redis takes); one per connection pool serves them all, since a
    redis.Redis takes a pooled connection for each command and may be shared between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        if index not in self._clients:
            self._clients[index] = super().get_client(key, write=write)
        return self._clients[index]


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            _failed("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            _failed("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            _failed("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            _failed("add", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            _failed("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            _failed("set_many", error)
            return list(data)  # the keys that were not stored

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            _failed("touch", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            # As if the counter had just been created: rate limits let the action through.
            _failed("incr", error)
            return delta

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            _failed("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNREACHABLE as error:
            _failed("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            _failed("clear", error)
            return False
