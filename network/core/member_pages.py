"""Members' pages kept whole in each process and shared by members who would see the same bytes.

Two members' copies of a page differ in the layout's account menu (their name, photo, unread
counts) and their CSRF tokens: those are holes, filled on every request. Everything else that
may differ is in the key the view gives: what the access policy decided for this viewer on this
page (their rights there, and the roles and networks every decision is made from) and the
member's own state as the page shows it (read position, subscription). A view whose page would
show the member's own content (their posts, their reactions) gives no key and renders as before.

A stored page belongs to the content generation of the visitors' cache (network.core.page_cache),
read from the shared cache on every request, not trusted for a while as for visitors: a member
sees their own reply on the next page whichever process serves it. Rows that never show on a page
without their own key part (read states, subscriptions, notifications) do not move the generation.
Staff (the page editor's bar), requests carrying a message, htmx fragments and responses that set
a cookie are never stored.
"""

import hashlib
import re
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import caches
from django.http import HttpResponse

# Django's own unmasking: which printed tokens are this member's (not in django-stubs).
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]
from django.template import engines
from django.utils import timezone, translation

from network.core import page_cache
from network.core.themes import theme_of

ACCOUNT_MENU = "<!--member-page:account-menu-->"
CSRF_TOKEN = "member-page-csrf-token"  # noqa: S105 (a placeholder, not a secret)
# A masked CSRF token as {% csrf_token %} and get_token() print it.
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def recording(request) -> bool:
    """Whether the page being rendered is kept for other members (its holes left open)."""
    return getattr(request, "_member_page", False)


def _storable_request(request) -> bool:
    user = request.user
    return (
        settings.MEMBER_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and user.is_authenticated
        and not user.is_staff
        and "HX-Request" not in request.headers
        # A message waiting to be shown belongs to this member's next page.
        and not request.COOKIES.get(CookieStorage.cookie_name)
        and SessionStorage.session_key not in request.session
    )


def _storable_response(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (messages is not None and messages.used)
    )


def _open_holes(request, html: str) -> str:
    """The page as every member with the same key gets it: this member's CSRF tokens replaced."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return html

    def token(match):
        return CSRF_TOKEN if _unmask_cipher_token(match.group()) == secret else match.group()

    return _TOKEN.sub(token, html)


@cache
def _account_menu_template():
    # The same tag as in base.html, rendered with the request's context processors (its counts).
    return engines["django"].from_string("{% load ui %}{% account_menu %}")


def _account_menu(request) -> str:
    return _account_menu_template().render(request=request)


def _filled(request, html: str, shown: dict, fill) -> str:
    if fill is not None:
        html = fill(html, shown)
    html = html.replace(ACCOUNT_MENU, _account_menu(request), 1)
    if CSRF_TOKEN in html:
        html = html.replace(CSRF_TOKEN, get_token(request))
    return html


def serve(
    request,
    key: tuple | None,
    render: Callable[[], tuple[HttpResponse, dict]],
    fill: Callable[[str, dict], str] | None = None,
) -> tuple[HttpResponse, dict]:
    """The page `render` gives (a response and what the view must know of it afterwards, such
    as the last post shown), from this process's cache when a member with the same `key` was
    served it in the current content generation. `key` None: rendered for this member alone.

    `fill(html, shown)` fills the view's own holes (left open while the page renders for the
    cache) for this member."""
    if key is None or not _storable_request(request):
        return render()
    generation = page_cache.current_generation(trusted=False)
    if generation is None:
        return render()
    address = repr(
        (
            generation,
            request.get_host(),
            request.get_full_path(),
            translation.get_language(),
            timezone.get_current_timezone_name(),
            theme_of(request),
            key,
        )
    )
    cache_key = "member-page:" + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    pages = caches["member-pages"]
    stored = pages.get(cache_key)
    if stored is None:
        request._member_page = True
        try:
            response, shown = render()
        finally:
            request._member_page = False
        html = response.content.decode()
        if _storable_response(request, response):
            # The length changes with the holes' contents.
            headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
            stored = (headers, _open_holes(request, html), shown)
            pages.set(cache_key, stored, settings.MEMBER_PAGE_CACHE_SECONDS)
        response.content = _filled(request, html, shown, fill)
        return response, shown
    headers, html, shown = stored
    return HttpResponse(_filled(request, html, shown, fill), headers=headers), shown
