"""The project's one Markdown renderer: profiles, forum posts and chat messages all go through it.

Markdown (CommonMark with tables and strikethrough) is parsed with raw HTML switched off, and the
result is cleaned again by an allow-list (nh3), so neither a parser bug nor a future option can let
a script, an event handler or a foreign image through.
"""

from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from network.core.text_rules import balance_bidi_lines

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr", "img", "li",
    "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
}
LINK_SCHEMES = {"http", "https", "mailto"}
# Links in member content earn no ranking and give the target no handle on our window.
LINK_REL = "nofollow ugc noopener"
TABLE_ALIGNMENTS = {"text-align:left", "text-align:center", "text-align:right"}


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
        return value if value in TABLE_ALIGNMENTS else None
    return value


def _demote_headings(html: str) -> str:
    # Member text sits under the page's own h1/h2: its headings start at h3 so the outline holds.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


def render_markdown(text: str) -> SafeString:
    """Markdown source written by a member → safe HTML, ready to store and show as is."""
    cleaned = nh3.clean(
        _demote_headings(_parser.render(balance_bidi_lines(text or ""))),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3's allow-list just above
