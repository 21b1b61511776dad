from functools import cached_property

from django.db import connection

from members.models import Notification

# Written out: on every member's page, and the ORM took longer to build this count than the
# database to answer it (the same query as Notification.objects.for_recipient(user).unread()).
_UNREAD = "SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL"


class UnreadNotifications:
    """The header's unread count: one query, run only when a template asks for it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(_UNREAD.format(table=Notification._meta.db_table), [self.user.pk])
            return cursor.fetchone()[0]


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": UnreadNotifications(user)}
