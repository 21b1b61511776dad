"""What a live socket may subscribe to: one registry of kinds, each authorised by its own app.

A kind (a chat room, a forum topic, a forum category, the member's notifications) registers the
group its subscriptions join, how a new one is authorised (`authorise(viewer, raw_id)` → the id,
Http404 when the viewer may not hold it, the same as "does not exist") and which of those held
the viewer may still hold (`still_allowed(viewer, ids)` → ids, one query per kind). A socket
records every subscription it holds (group → kind and id); when its viewer changes (memberships,
roles, leaving, a closed account) it asks each kind about its ids and drops the rest, so a
member who lost access hears nothing more, whatever they had subscribed to. Only frames from a
group the socket still holds are passed on (network/core/live.py).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from network.core.viewer import Viewer


@dataclass(frozen=True)
class Kind:
    name: str
    group: Callable[[int], str]
    authorise: Callable[[Viewer, Any], int]
    still_allowed: Callable[[Viewer, set[int]], set[int]]
    # Called on the socket when a subscription of this kind is dropped: (consumer, id, removed),
    # `removed` when the viewer lost the right to it rather than unsubscribed.
    dropped: Callable[[Any, int, bool], Awaitable[None]] | None = None
    # How a frame of this kind reaches the client: (consumer, id, event); default as it is.
    deliver: Callable[[Any, int, dict], Awaitable[None]] | None = None


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def kind(name: str) -> Kind:
    return KINDS[name]
