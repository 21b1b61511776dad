from datetime import datetime

from django.db import transaction
from django.utils import timezone

from members.models import NotificationKind, User
from members.services.notifications import notify
from zones.models import RSVP, Meetup, RSVPStatus, ZonePage
from zones.services.rsvps import promote_from_waiting_list

# The fields whose change a member who is going must hear about.
NOTIFIED_FIELDS = ("title", "start", "end", "place", "online_url")


@transaction.atomic
def create_meetup(
    *,
    zone: ZonePage,
    organiser: User | None,
    title: str,
    start: datetime,
    end: datetime,
    capacity: int,
    description: str = "",
    place: str = "",
    online_url: str = "",
) -> Meetup:
    meetup = Meetup(
        zone=zone,
        organiser=organiser,
        title=title,
        description=description,
        start=start,
        end=end,
        place=place,
        online_url=online_url,
        capacity=capacity,
    )
    meetup.full_clean()
    meetup.save()
    return meetup


@transaction.atomic
def update_meetup(*, meetup: Meetup, actor: User | None, **changes) -> Meetup:
    """Change a meetup; members going or waiting hear of changes to when, where or what."""
    # Holds the row lock, so an RSVP cannot slip in between the capacity change and promotions.
    locked = Meetup.objects.select_for_update().get(pk=meetup.pk)
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    if any(name in NOTIFIED_FIELDS for name in changed):
        locked.sequence += 1
    locked.save()
    if "capacity" in changed:
        promote_from_waiting_list(locked)
    if any(name in NOTIFIED_FIELDS for name in changed):
        title = locked.title
        notify(
            recipients=_attendees(locked),
            kind=NotificationKind.MEETUP,
            message="meetup.changed",
            params={"title": title},
            url=locked.notification_path,
            actor=actor,
        )
    return locked


@transaction.atomic
def cancel_meetup(*, meetup: Meetup, actor: User | None) -> Meetup:
    locked = Meetup.objects.select_for_update().get(pk=meetup.pk)
    if locked.is_cancelled:
        return locked
    locked.is_cancelled = True
    locked.cancelled_at = timezone.now()
    locked.sequence += 1
    locked.save(update_fields=["is_cancelled", "cancelled_at", "sequence"])
    title = locked.title
    notify(
        recipients=_attendees(locked),
        kind=NotificationKind.MEETUP,
        message="meetup.cancelled",
        params={"title": title},
        url=locked.notification_path,
        actor=actor,
    )
    return locked


def _attendees(meetup: Meetup) -> list[User]:
    return [
        rsvp.user
        for rsvp in RSVP.objects.filter(
            meetup=meetup, status__in=[RSVPStatus.GOING, RSVPStatus.WAITING]
        ).select_related("user")
    ]
