"""The project's one Markdown renderer and HTML sanitiser.

Markdown (CommonMark with tables) is rendered with raw HTML disabled, then the result goes through
an nh3 allow-list: whatever markdown-it lets through, only these tags and attributes survive.
"""

from urllib.parse import urlsplit

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
}
LINK_SCHEMES = {"http", "https", "mailto"}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # Images only from our own uploads or relative addresses: no tracking pixels, no data: URIs.
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            return None
        if value.startswith("/") and not value.startswith(settings.MEDIA_URL):
            return None
    if attribute == "style":
        # markdown-it writes table alignment as a style; keep only that.
        return (
            value if value in {"text-align:left", "text-align:center", "text-align:right"} else None
        )
    return value


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="nofollow ugc noopener",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown source → safe HTML, ready to store and show as is."""
    return sanitise_html(_markdown.render(text))
