"""One rate limiter: a count per member and time window in the cache (shared by all processes
when the cache is Redis). Chat sends, forum posts and lookups all count through it."""

import time

from django.core.cache import cache


def allow(scope: str, subject: object, *, limit: int, window_seconds: int) -> bool:
    """Count one more action of `subject` in `scope`; False once `limit` is passed in the
    current window of `window_seconds`."""
    key = f"rate:{scope}:{subject}:{int(time.time() // window_seconds)}"
    cache.add(key, 0, window_seconds * 2)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, window_seconds * 2)
        return True
