"""Liveness of the two shared parts every process needs: the database and the channel layer."""

import asyncio
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection

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
