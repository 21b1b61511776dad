from allauth.usersessions.adapter import DefaultUserSessionsAdapter

from members.services.sessions import end_sessions


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    """allauth's "sign out other sessions" also closes those sessions' WebSockets."""

    def end_sessions(self, sessions) -> None:
        end_sessions(sessions=sessions)
