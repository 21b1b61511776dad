"""Who and what a log line is about: the request id (or a socket's connection id) and the user.

RequestIdMiddleware gives every request an id (a sane incoming X-Request-ID, from the proxy, is
kept so one id follows the request through nginx and the application) and returns it in the
response; the log formatter (network/core/logs.py) reads it from here.
"""

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils.functional import empty

# Letters, digits and - _ . only, at most 64: anything else a client sends is replaced.
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@dataclass
class LogContext:
    request_id: str = ""
    connection_id: str = ""
    request: object = None
    user_id: int | None = None

    def current_user_id(self) -> int | None:
        if self.user_id is not None:
            return self.user_id
        # Only a user the request already loaded: a log line must not cost a query.
        user = getattr(self.request, "user", None)
        if user is None or getattr(user, "_wrapped", None) is empty:
            return None
        return user.pk if user.is_authenticated else None


log_context: ContextVar[LogContext | None] = ContextVar("log_context", default=None)


def request_id_from(header: str | None) -> str:
    return header if header and _SANE_ID.match(header) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_from(request.headers.get("X-Request-ID"))
        # Not reset on the way out: Django logs a 4xx ("Not Found: …") after the middleware has
        # returned. The next request in this thread or task sets its own.
        log_context.set(LogContext(request_id=request.id, request=request))
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


def bind_socket(connection_id: str, user_id: int | None) -> None:
    """For the rest of a WebSocket's task: its log lines name the socket and its member."""
    log_context.set(LogContext(connection_id=connection_id, user_id=user_id))
