"""Addresses without their language prefix: stored and compared that way, so each reader gets
their own language's prefix on visit."""

import re

from django.conf import settings

_LANGUAGE_PREFIX = re.compile(
    r"^/(?:{})(?=/)".format("|".join(re.escape(code) for code, _name in settings.LANGUAGES))
)


def without_language(path: str) -> str:
    """`/pl/forum/p/1/` → `/forum/p/1/`; a path without a prefix is returned as it is."""
    return _LANGUAGE_PREFIX.sub("", path, count=1)
