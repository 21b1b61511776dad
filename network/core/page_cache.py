"""Whole pages for visitors who are not signed in, kept until the content changes.

An anonymous visitor sees only public content, the same for everyone at one address, so the
rendered page can be shared. Pages stay in each process (the `pages` cache, bounded); a
generation number in the shared cache names the current ones. Every saved or deleted row of a
model that can show on a public page moves every process to a new generation once the
transaction commits (a page rendered from the old rows is never served after that);
ANONYMOUS_PAGE_CACHE_SECONDS bounds the age of a page whose rows changed without signals
(`QuerySet.update`). Each process trusts the generation it last read for
ANONYMOUS_PAGE_GENERATION_SECONDS (asking the shared cache on every request cost as much as the
rest of serving the page): a change made through another process reaches visitors that much
later, one made through this process at once. Signed-in members, requests that carry a session
or a message, htmx fragments and any response that sets a cookie or forbids storing are never
taken from or put into this cache. When the shared cache cannot be reached there is no
generation to trust, so pages are rendered afresh for every visitor (counted in `bypassed`,
logged once a minute).
"""

import logging
import re
import time
from contextlib import suppress
from hashlib import sha256

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import connection, transaction

from network.core.cache import Throttle
from network.core.themes import theme_of

logger = logging.getLogger(__name__)
bypassed = Throttle()
# How Cache-Control separates its directives (as django.utils.cache splits them).
CACHE_CONTROL_DELIMITER = re.compile(r"\s*,\s*")

# Rows that never show on a page an anonymous visitor can open: writing them (on most member
# page views: read state, visits) must not throw away everyone's pages.
PRIVATE_MODELS = {
    "sessions.session",
    "usersessions.usersession",
    "forum.readstate",
    "forum.visit",
    "forum.subscription",
    "forum.flag",
    "members.notification",
    "members.notificationpreference",
    "network.message",
    "network.readmarker",
    "network.roommember",
    "network.joinrequest",
    "network.invitation",
    "mfa.authenticator",
    "account.emailconfirmation",
}


def _generation_key() -> str:
    # One database's pages: test workers (a database each) and sites sharing a cache keep apart.
    return f"anonymous-pages:generation:{connection.settings_dict['NAME']}"


# The generation this process last read and when (time.monotonic()), by key.
_trusted: dict[str, tuple[int, float]] = {}


def current_generation(*, trusted: bool = True) -> int | None:
    """The current generation; None when the shared cache cannot be reached. `trusted=False`
    asks the shared cache even within the trusted window (members' pages: a member sees their
    own change at once on any process)."""
    key = _generation_key()
    generation, read_at = _trusted.get(key, (None, 0.0))
    if (
        trusted
        and generation is not None
        and time.monotonic() - read_at < settings.ANONYMOUS_PAGE_GENERATION_SECONDS
    ):
        return generation
    generation = cache.get(key)
    if generation is None:
        # Lost (evicted, Redis restarted): start from the clock, so no earlier number comes back.
        cache.add(key, time.time_ns(), timeout=None)
        generation = cache.get(key)
    if generation is not None:
        _trusted[key] = (generation, time.monotonic())
    return generation


def _bypass() -> None:
    if reported := bypassed.record():
        logger.warning(
            "page cache off: the shared cache is unreachable (%d pages rendered without it "
            "since the last report)",
            reported,
        )


def new_generation() -> None:
    key = _generation_key()
    # ValueError: the number was lost, and the next request starts a new one anyway.
    with suppress(ValueError):
        cache.incr(key)
    # This process's next request reads the new number.
    _trusted.pop(key, None)


def content_changed(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed for every model."""
    if sender._meta.label_lower in PRIVATE_MODELS:
        return
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed: before and after
        return
    # After the commit: a page rendered between the write and the commit still shows the old rows.
    transaction.on_commit(new_generation)


def _cacheable_request(request) -> bool:
    return (
        settings.ANONYMOUS_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.COOKIES.get(CookieStorage.cookie_name)
        and "HX-Request" not in request.headers
    )


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)  # absent when an outer middleware answered
    if user is None or user.is_authenticated:
        return False
    cache_control = {
        directive.strip().lower()
        for directive in CACHE_CONTROL_DELIMITER.split(response.get("Cache-Control", ""))
    }
    return not cache_control & {"private", "no-store", "no-cache"}


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        generation = current_generation()
        if generation is None:
            _bypass()
            return self.get_response(request)
        address = sha256(request.build_absolute_uri().encode()).hexdigest()
        # The chosen colour theme (network.site.views_ui.set_theme) is part of the page.
        key = f"{generation}:{theme_of(request)}:{address}"
        pages = caches["pages"]
        response = pages.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            pages.set(key, response, settings.ANONYMOUS_PAGE_CACHE_SECONDS)
        return response
