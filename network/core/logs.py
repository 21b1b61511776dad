"""Log lines: JSON objects in production, readable text under the embedded default; and no
secrets in either (RedactSecretsFilter)."""

import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from network.core.request_context import log_context

# Keys whose values never reach a log: credentials, session and CSRF tokens, cookies, one-time
# codes, and what members write (chat messages, posts, e-mail bodies).
SENSITIVE = re.compile(
    r"^(.*pass(word)?.*|.*secret.*|.*token.*|.*session.*|.*cookie.*|csrf.*|authorization|"
    r".*api_?key.*|code|otp|body|text|body_html|content)$",
    re.IGNORECASE,
)
REDACTED = "[redacted]"
# key=value, key: value and "key": "value" in a message already formatted.
_PAIR = re.compile(
    r"""(?P<key>["']?[\w-]*(?:pass(?:word)?|secret|token|session(?:id|_key)?|cookie|csrf\w*|"""
    r"""authorization|api[_-]?key|otp)[\w-]*["']?)(?P<sep>\s*[=:]\s*)"""
    r"""(?P<value>"[^"]*"|'[^']*'|[^\s,;&}]+)""",
    re.IGNORECASE,
)


def redact(value):
    if isinstance(value, Mapping):
        return {
            key: REDACTED if SENSITIVE.search(str(key)) else redact(item)
            for key, item in (value.lists() if hasattr(value, "lists") else value.items())
        }
    if isinstance(value, list | tuple):
        return type(value)(redact(item) for item in value)
    return value


def scrub(text: str) -> str:
    """The text with the value of every sensitive key=value pair replaced."""
    return _PAIR.sub(lambda match: f"{match['key']}{match['sep']}{REDACTED}", text)


class RedactSecretsFilter(logging.Filter):
    """Replaces the values of sensitive keys in a record's arguments and message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = redact(record.args)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A message that does not match its arguments: the handler reports it as usual.
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request or socket id, user id."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = log_context.get()
        if context is not None:
            if context.request_id:
                line["request_id"] = context.request_id
            if context.connection_id:
                line["connection_id"] = context.connection_id
            line["user_id"] = context.current_user_id()
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The embedded default's readable lines, with the same scrubbed tracebacks."""

    def formatException(self, exc_info) -> str:
        return scrub(super().formatException(exc_info))
