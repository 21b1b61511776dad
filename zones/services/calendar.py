import secrets

from django.db import transaction

from members.models import User
from zones.models import CalendarFeed


@transaction.atomic
def regenerate_calendar_feed(*, user: User) -> CalendarFeed:
    """Give the member a new private calendar address; the old one stops working at once."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"selector": secrets.token_hex(16)}
    )
    if not _created:
        feed.selector = secrets.token_hex(16)
        feed.save(update_fields=["selector"])
    return feed


@transaction.atomic
def ensure_calendar_feed(*, user: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed or regenerate_calendar_feed(user=user)
