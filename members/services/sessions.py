"""Ending sessions: the session row, allauth's record of it, and the WebSockets opened with it."""

from collections.abc import Iterable

from allauth.usersessions.models import UserSession
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import User
from network.core.live import (
    CLOSE_ACCOUNT_CLOSED,
    CLOSE_SESSION_ENDED,
    close_sockets_on_commit,
    session_group,
    user_group,
)


@transaction.atomic
def end_sessions(*, sessions: Iterable[UserSession], code: int = CLOSE_SESSION_ENDED) -> None:
    for session in sessions:
        close_sockets_on_commit(session_group(session.session_key), code)
        session.end()


def end_other_sessions(*, user: User, current_session_key: str | None) -> None:
    """Every session of the member except the one making the request."""
    sessions = UserSession.objects.filter(user_id=user.pk)
    if current_session_key:
        sessions = sessions.exclude(session_key=current_session_key)
    end_sessions(sessions=sessions)


@transaction.atomic
def end_all_sessions(*, user: User) -> None:
    """The account is closing (deactivated or erased): every session and socket ends."""
    end_sessions(sessions=UserSession.objects.filter(user_id=user.pk), code=CLOSE_ACCOUNT_CLOSED)
    # Also sockets of sessions allauth never recorded (opened before usersessions tracked them).
    close_sockets_on_commit(user_group(user.pk), CLOSE_ACCOUNT_CLOSED)


def close_session_sockets(*, session_key: str) -> None:
    """The session is logging out: its sockets close, the member's other tabs elsewhere stay."""
    close_sockets_on_commit(session_group(session_key), CLOSE_SESSION_ENDED)


@transaction.atomic
def deactivate_account(*, user: User) -> None:
    """Staff or the member switch the account off: no log-in, every session and socket ends."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_all_sessions(user=user)


@transaction.atomic
def reactivate_account(*, user: User) -> None:
    """Staff switch a deactivated account back on; the member logs in again themselves.

    An erased account stays closed: its personal data is gone and its e-mail is a placeholder.
    """
    if user.erased_at is not None:
        raise ValidationError(
            _("This account was erased by its owner and cannot be reactivated."), code="erased"
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
