"""Parts of pages rendered once and kept in the cache (a topic's posts, topic rows, member cards).

A part is keyed by a digest of everything it is rendered from: the values its caller lists for
it, the template's own source, the language and the time zone. A changed post, profile or
template therefore asks for another key: nothing is ever invalidated by hand, and a part only
reaches a reader who would have rendered the same bytes. Callers list only what passed the
access policy, and put in the key every value that differs between readers (their rights, their
reactions, their read state).

CSRF tokens differ per visitor: a placeholder is stored and replaced on the way out.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache

from django.core.cache import cache as django_cache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

CSRF_PLACEHOLDER = "csrf-token-placeholder-fragment"
TIMEOUT = 24 * 3600


@cache
def _template_digest(name: str) -> str:
    # A changed template (a new release) asks for new keys.
    # The Django backend's template wraps the engine's, which holds the source.
    source = get_template(name).template.source  # type: ignore[attr-defined]
    return hashlib.blake2b(source.encode(), digest_size=8).hexdigest()


def render_each(
    request,
    template_name: str,
    items: Iterable,
    *,
    item_name: str,
    context: dict,
    shared: tuple,
    key_parts: Callable[[object], tuple | None],
) -> list[SafeString]:
    """Each item rendered with `template_name` (the item as `item_name`, beside `context`; no
    context processors run), from the cache or rendered now and kept.

    `shared` lists what the template reads from `context`, and `key_parts(item)` what it reads
    from the item, or None for a part rendered every time.
    """
    items = list(items)
    shared = (
        template_name,
        _template_digest(template_name),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        shared,
    )
    keys = []
    for item in items:
        parts = key_parts(item)
        digest = hashlib.blake2b(repr((shared, parts)).encode(), digest_size=16).hexdigest()
        keys.append(None if parts is None else "fragment:" + digest)
    wanted = [key for key in keys if key]
    found = django_cache.get_many(wanted) if wanted else {}
    template = get_template(template_name)
    fresh, token, rendered = {}, None, []
    for item, key in zip(items, keys, strict=True):
        html = found.get(key) if key else None
        if html is None:
            html = template.render({**context, item_name: item, "csrf_token": CSRF_PLACEHOLDER})
            if key:
                fresh[key] = html
        if CSRF_PLACEHOLDER in html:
            # Asked only when a form is shown, as {% csrf_token %} does: visitors' pages set
            # no CSRF cookie and stay cacheable.
            token = token or get_token(request)
            html = html.replace(CSRF_PLACEHOLDER, token)
        rendered.append(mark_safe(html))  # noqa: S308 (our own template's output)
    if fresh:
        django_cache.set_many(fresh, TIMEOUT)
    return rendered


def render_one(request, template_name: str, context: dict, key: tuple | None = None) -> SafeString:
    """One part rendered from `context`, kept under a digest of `key`: what the template reads
    from `context`, or by default all of `context` (then every value must be repr-able)."""
    return render_each(
        request,
        template_name,
        [None],
        item_name="part",
        context=context,
        shared=tuple(sorted(context.items())) if key is None else key,
        key_parts=lambda _part: (),
    )[0]
