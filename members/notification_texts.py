"""What each notification says, rendered in the language of whoever reads it.

A notification stores a message key and its parameters (names and titles as they were when it
happened), never a sentence; the sentence is made when it is shown or e-mailed, in the reader's
language. Rows written before this carry their old sentence in `legacy_title`; `parse_legacy`
turns the ones it recognises into a key and parameters.
"""

import re

from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "forum.mention": _("%(name)s mentioned you in “%(topic)s”"),
    "forum.new_topic": _("New topic “%(topic)s” by %(name)s"),
    "forum.reply": _("%(name)s replied in “%(topic)s”"),
    "forum.answer": _("“%(topic)s” has an answer"),
    "chat.direct": _("%(name)s sent you a message"),
    "chat.mention": _("%(name)s mentioned you in “%(room)s”"),
    "group.join_request": _("%(member)s asks to join %(group)s"),
    "group.approved": _("Welcome: you are now a member of %(group)s"),
    "group.declined": _("Your request to join %(group)s was declined: %(reason)s"),
    "group.removed": _("You are no longer a member of %(group)s"),
    "group.role": _("Your role in %(group)s is now: %(role)s"),
    "meetup.changed": _("The meetup “%(title)s” has changed."),
    "meetup.cancelled": _("The meetup “%(title)s” has been cancelled."),
    "meetup.promoted": _("A place has opened up: you are going to “%(title)s”."),
}
# Parameters stored as the untranslated interface word (a role's label), translated when read.
TRANSLATED_PARAMS = frozenset({"role"})
# A post's attachment count: the sentence says there are files; the files themselves stay
# behind the access check, reached through the post's page.
FILES = "files"


def untranslated(label) -> str:
    """A lazy interface word as its source text, for TRANSLATED_PARAMS."""
    with translation.override(None):
        return str(label)


def render(message: str, params: dict) -> str:
    """The sentence in the active language; missing parameters render empty, never fail."""
    template = MESSAGES[message]
    values = dict.fromkeys(re.findall(r"%\((\w+)\)s", str(template)), "")
    for key, value in params.items():
        values[key] = gettext(value) if key in TRANSLATED_PARAMS and value else value
    text = str(template) % values
    count = params.get(FILES) or 0
    if isinstance(count, int) and count > 0:
        text = ngettext(
            "%(text)s, with %(count)d attachment", "%(text)s, with %(count)d attachments", count
        ) % {"text": text, "count": count}
    return text


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)[sd]", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


def parse_legacy(title: str, language: str = "pl") -> tuple[str, dict] | None:
    """The key and parameters of an old stored sentence written in `language`, or None."""
    with translation.override(language):
        files = 0
        for count in (1, 2, 5):
            suffix = ngettext(
                "%(text)s, with %(count)d attachment",
                "%(text)s, with %(count)d attachments",
                count,
            )
            match = re.fullmatch(
                _pattern(suffix.replace("%(count)d", "%(count)s")).pattern.strip("^$"),
                title,
                re.DOTALL,
            )
            if match and match["count"].isdigit():
                title, files = match["text"], int(match["count"])
                break
        for message, template in MESSAGES.items():
            match = _pattern(str(template)).match(title)
            if match:
                params = match.groupdict()
                if files:
                    params[FILES] = files
                return message, params
    return None
