"""Read the e-mails the file backend wrote (one file per connection, messages separated)."""

import email
from email.message import Message
from email.policy import default
from pathlib import Path

SEPARATOR = "\n" + "-" * 79 + "\n"


def read_emails(folder: Path) -> list[Message]:
    if not Path(folder).exists():
        return []
    messages = []
    for path in sorted(Path(folder).iterdir()):
        for raw in path.read_text().split(SEPARATOR):
            if raw.strip():
                messages.append(email.message_from_string(raw.strip() + "\n", policy=default))
    return messages


def body(message: Message, subtype: str) -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()
