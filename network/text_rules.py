"""The one rule for text members type, from every entry point (forms and WebSocket frames)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Line breaks and tabs are text; every other control character (NUL included) is refused, so it
# is never stored (PostgreSQL refuses NUL in text columns with a DataError).
ALLOWED_CONTROLS = frozenset("\n\r\t")


def check_user_text(value: str) -> None:
    """Raise ValidationError(code="control_characters") if `value` holds a control character."""
    for char in value:
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
            raise ValidationError(
                _("The text contains control characters; remove them and try again."),
                code="control_characters",
            )
