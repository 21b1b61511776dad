"""The project's one Markdown renderer: profiles, forum posts and chat messages all go through it.

Markdown (CommonMark with tables and strikethrough) is parsed with raw HTML switched off, and the
result is cleaned again by an allow-list (nh3), so neither a parser bug nor a future option can let
a script, an event handler or a foreign image through.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

from network.core.mentions import MENTION
from network.core.text_rules import balance_bidi_lines

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr", "img", "li",
    "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
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
    if attribute == "class":
        # Only the mark this renderer puts on a mention; the parser lets members write no class.
        return value if value == "mention" else None
    if attribute == "style":
        # markdown-it writes table alignment as a style; keep only that.
        return value if value in TABLE_ALIGNMENTS else None
    return value


def _demote_headings(html: str) -> str:
    # Member text sits under the page's own h1/h2: its headings start at h3 so the outline holds.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


def _mention_tokens(content: str, mentions: Mapping[str, str]) -> list[Token] | None:
    """A text run with its @mentions as links, or None when it names nobody in `mentions`."""
    tokens, start = [], 0
    for match in MENTION.finditer(content):
        handle = match.group(1).rstrip(".")
        href = mentions.get(handle.lower())
        if href is None:
            continue
        end = match.start() + 1 + len(handle)
        if match.start() > start:
            tokens.append(Token("text", "", 0, content=content[start : match.start()]))
        tokens.append(Token("link_open", "a", 1, attrs={"href": href, "class": "mention"}))
        tokens.append(Token("text", "", 0, content=content[match.start() : end]))
        tokens.append(Token("link_close", "a", -1))
        start = end
    if not tokens:
        return None
    if start < len(content):
        tokens.append(Token("text", "", 0, content=content[start:]))
    return tokens


def _link_mentions(tokens: list[Token], mentions: Mapping[str, str]) -> None:
    # Text only: a mention inside code or inside a member's own link stays as written.
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        children, in_link = [], 0
        for child in block.children:
            in_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            linked = _mention_tokens(child.content, mentions) if child.type == "text" else None
            children.extend(linked if linked and not in_link else [child])
        block.children = children


def render_markdown(text: str, mentions: Mapping[str, str] | None = None) -> SafeString:
    """Markdown source written by a member → safe HTML, ready to store and show as is.

    `mentions` maps a lower-case handle to the address its @mention links to (the people the
    author may reach: members.selectors.mention_links); any other @name stays plain text."""
    env: dict = {}
    tokens = _parser.parse(balance_bidi_lines(text or ""), env)
    if mentions:
        _link_mentions(tokens, mentions)
    cleaned = nh3.clean(
        _demote_headings(_parser.renderer.render(tokens, _parser.options, env)),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3's allow-list just above
