"""The project's one Markdown renderer: profiles, forum posts and chat messages all go through it.

Markdown is parsed with raw HTML switched off, and the result is cleaned again by an allow-list
(nh3), so neither a parser bug nor a future option can let a script or a style attribute through.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
# Links in member content earn no ranking and give the target no handle on our window.
LINK_REL = "nofollow ugc noopener"


def _demote_headings(html: str) -> str:
    # Member text sits under the page's own h1/h2: its headings start at h3 so the outline holds.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


def render_markdown(text: str) -> SafeString:
    """Markdown source written by a member → safe HTML for a template."""
    html = _demote_headings(_parser.render(text or ""))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3's allow-list just above
