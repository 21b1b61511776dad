from functools import cached_property

from members.selectors import unread_notification_count


class UnreadNotifications:
    """The header's unread count: one query, run only when a template asks for it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        return unread_notification_count(self.user)


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": UnreadNotifications(user)}
