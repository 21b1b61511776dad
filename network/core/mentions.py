"""One @mention rule for the forum and the chat: `@handle`, not inside a word or an address."""

import re

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")


def mentioned_handles(body: str) -> set[str]:
    """The handles named in `body`, lower-cased, without a sentence's closing full stop."""
    return {match.lower().rstrip(".") for match in MENTION.findall(body)}
