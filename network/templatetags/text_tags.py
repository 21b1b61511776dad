"""Showing members' text safely among other text.

`{{ value|isolate_bidi }}` for plain-text places where HTML cannot isolate (the page `<title>`,
translated sentences); in HTML, `<bdi>{{ value|balance_bidi }}</bdi>` for names and titles, and
`dir="auto"` on written bodies (their Markdown is balanced when rendered).
"""

from django import template

from network.core.text_rules import balance_bidi as balance
from network.core.text_rules import isolate_bidi as isolate

register = template.Library()


@register.filter(is_safe=True)
def isolate_bidi(value) -> str:
    # is_safe: only invisible bidi characters are added, so escaped input stays escaped.
    return isolate(str(value)) if value not in (None, "") else ""


@register.filter(is_safe=True)
def balance_bidi(value) -> str:
    # is_safe: only invisible bidi characters are removed.
    return balance(str(value)) if value not in (None, "") else ""
