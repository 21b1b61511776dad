"""The project's one Markdown sanitiser: a small Markdown subset, raw HTML off, links made safe."""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).disable(
    ["image", "heading", "lheading", "hr", "html_block", "html_inline"]
)

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show to anyone (the output of nh3's allow-list)."""
    return nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    ).strip()
