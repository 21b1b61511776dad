"""Who is connected to which room, kept in the cache (Redis when configured, shared by processes).

Each subscribed socket keeps an entry alive by refreshing it (LiveConsumer's heartbeat); entries
that are not refreshed expire, so a crashed server's sockets drop out of the list by themselves.
Read-modify-write of one key may lose a concurrent entry; the next refresh puts it back.
"""

import time

from django.core.cache import cache

ENTRY_SECONDS = 90


def _key(room_id: int) -> str:
    return f"chat:presence:{int(room_id)}"


def _live_entries(room_id: int) -> dict:
    now = time.time()
    entries = cache.get(_key(room_id)) or {}
    return {channel: entry for channel, entry in entries.items() if entry[2] > now}


def join(room_id: int, channel_name: str, *, user_id: int, handle: str) -> None:
    entries = _live_entries(room_id)
    entries[channel_name] = (user_id, handle, time.time() + ENTRY_SECONDS)
    cache.set(_key(room_id), entries, ENTRY_SECONDS)


def leave(room_id: int, channel_name: str) -> None:
    entries = _live_entries(room_id)
    if entries.pop(channel_name, None) is not None:
        cache.set(_key(room_id), entries, ENTRY_SECONDS)


def online_handles(room_id: int) -> list[str]:
    return sorted({handle for _user, handle, _expires in _live_entries(room_id).values()})


def online_user_ids(room_id: int) -> set[int]:
    return {user_id for user_id, _handle, _expires in _live_entries(room_id).values()}
