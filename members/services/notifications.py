from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import translation

from members.models import Notification, NotificationKind, User


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: NotificationKind,
    title: Callable[[], str],
    url: str = "",
    actor: User | None = None,
) -> list[Notification]:
    """Record a notification for each recipient.

    Callers pass only recipients the access policy lets see what the notification is about.
    `title` is called once per recipient inside that recipient's language, so the text is
    written in the language they read the site in.
    """
    notifications = []
    for recipient in recipients:
        if actor is not None and recipient.pk == actor.pk:
            continue
        with translation.override(recipient.language):
            text = str(title())
        notifications.append(
            Notification(recipient=recipient, kind=kind, title=text[:300], url=url, actor=actor)
        )
    return Notification.objects.bulk_create(notifications)
