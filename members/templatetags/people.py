"""How a person is shown to others in templates: `{{ user|person_name }}`.

Always through `User.public_name` (never `{{ user }}`, `.username` or `.email`), inside `<bdi>` so
a name written right to left, or carrying bidirectional controls, cannot reorder the text around it.
"""

from django import template
from django.utils.html import format_html

from network.core.text_rules import balance_bidi

register = template.Library()


@register.filter
def person_name(user) -> str:
    if user is None:
        return ""
    return format_html("<bdi>{}</bdi>", balance_bidi(user.public_name))
