"""One input rule for text from every entry point: forms and WebSocket frames alike.

Control characters (Unicode category Cc) other than line breaks and tabs are refused: NUL breaks
PostgreSQL, the others are invisible and serve only to disguise text. Bidirectional controls
(U+202A to U+202E, U+2066 to U+2069) are accepted, for right-to-left writers, but wherever text
is shown the unbalanced ones are dropped and the text isolated (`balance_bidi`, `isolate_bidi` for
plain text such as the page title, `<bdi>` or `dir="auto"` in HTML), so no control can reorder
text outside its own pair.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_CONTROLS = frozenset("\n\r\t")

# Embeddings and overrides (closed by PDF) and isolates (closed by PDI).
_OPENS_EMBEDDING = frozenset("\u202a\u202b\u202d\u202e")
_POP_EMBEDDING = "\u202c"
_OPENS_ISOLATE = frozenset("\u2066\u2067\u2068")
_POP_ISOLATE = "\u2069"
FSI, PDI = "\u2068", "\u2069"


def check_user_text(value: str) -> None:
    """Raise ValidationError(code="control_characters") if `value` holds a control character
    other than a line feed, carriage return or tab (NUL included)."""
    if any(unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS for char in value):
        raise ValidationError(
            _("Remove the control characters from the text."), code="control_characters"
        )


def validate_user_text(value) -> None:
    """check_user_text as a form field validator (fields may hand over non-text values)."""
    if isinstance(value, str):
        check_user_text(value)


class UserTextForm:
    """Form mixin: every text field of the form follows the one input rule."""

    fields: dict[str, forms.Field]  # the form's, set by Django's BaseForm.__init__

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and validate_user_text not in field.validators:
                field.validators = [*field.validators, validate_user_text]


def balance_bidi(value: str) -> str:
    """`value` without its unbalanced bidirectional controls: an override or isolate never
    closed, or a closer without its opener. What stays is paired and so contained: an
    "invoice-144<RLO>gnp.exe" reads as written ("invoice-144gnp.exe") instead of "…exe.png"."""
    kept: list[str] = []
    open_: list[tuple[bool, int]] = []  # (is an isolate, its index in kept)
    unmatched: set[int] = set()
    for char in value:
        if char in _OPENS_EMBEDDING or char in _OPENS_ISOLATE:
            open_.append((char in _OPENS_ISOLATE, len(kept)))
        elif char == _POP_EMBEDDING:
            # A PDF closes an embedding opened inside the innermost isolate, nothing else.
            if not open_ or open_[-1][0]:
                continue
            open_.pop()
        elif char == _POP_ISOLATE:
            if not any(is_isolate for is_isolate, _index in open_):
                continue
            # A PDI also ends the embeddings left open inside its isolate: those were unclosed.
            while not open_[-1][0]:
                unmatched.add(open_.pop()[1])
            open_.pop()
        kept.append(char)
    unmatched.update(index for _is_isolate, index in open_)
    return "".join(char for index, char in enumerate(kept) if index not in unmatched)


def isolate_bidi(value: str) -> str:
    """Plain text (a page title, an attribute) made safe to place among other text: balanced
    (balance_bidi) and wrapped in FSI … PDI, so it can reorder nothing outside itself. Where
    HTML is possible, `<bdi>` around balanced text does the same job."""
    return f"{FSI}{balance_bidi(value)}{PDI}" if value else value


def balance_bidi_lines(text: str) -> str:
    """balance_bidi for each line of a written body (Markdown source): a paragraph never
    inherits a control opened on another line."""
    return "\n".join(balance_bidi(line) for line in text.split("\n"))
