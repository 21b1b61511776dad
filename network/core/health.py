"""Liveness of the shared parts every process needs: the database, the channel layer and the
cache (Redis when REDIS_URL is set; the site still serves pages without it, more slowly)."""

import asyncio
import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection

LAYER_TIMEOUT_SECONDS = 2.0


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


async def _layer_round_trip() -> bool:
    layer = get_channel_layer()
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz", "token": token})
    message = await layer.receive(channel)
    return message.get("token") == token


async def _layer_ok() -> bool:
    try:
        return await asyncio.wait_for(_layer_round_trip(), LAYER_TIMEOUT_SECONDS)
    except Exception:
        return False


def channel_layer_ok() -> bool:
    return async_to_sync(_layer_ok)()


def cache_ok() -> bool:
    # A round trip: the fail-soft cache (network/core/cache.py) answers a miss rather than raising.
    key, token = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    ok = cache.get(key) == token
    cache.delete(key)
    return ok


def database_unavailable(error: BaseException | None) -> bool:
    """Whether an exception means the database could not be reached (or dropped the connection)."""
    return isinstance(error, OperationalError | InterfaceError)


class DatabaseOutageLogFilter(logging.Filter):
    """On django.request: a request failed by an unreachable database logs one line, not a
    traceback per request (the traceback would only show where the first query happened)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if database_unavailable(error):
            # An outer middleware touching the lazy user fails again: still one request.
            request = getattr(record, "request", None)
            if getattr(request, "database_outage_logged", False):
                return False
            if request is not None:
                request.database_outage_logged = True
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            record.msg = f"{record.msg} (database unavailable: {type(error).__name__}: %s)"
            record.args = (*tuple(record.args or ()), first_line)
            record.exc_info = record.exc_text = None
        return True
