from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import NotificationKind, User
from members.services.notifications import notify
from zones.models import RSVP, Meetup, RSVPStatus


@transaction.atomic
def answer_meetup(*, meetup: Meetup, user: User, going: bool) -> RSVP:
    """Say going or not going. A full meetup puts the member on its waiting list; leaving
    frees the place for the first member waiting, who is told.

    Capacity is checked under a row lock on the meetup, so two members taking the last place
    at the same moment are served one after the other: no overbooking.
    """
    locked = Meetup.objects.select_for_update().get(pk=meetup.pk)
    if locked.is_cancelled:
        raise ValidationError(_("This meetup has been cancelled."), code="cancelled")
    if locked.end < timezone.now():
        raise ValidationError(_("This meetup has already taken place."), code="past")
    rsvp = RSVP.objects.filter(meetup=locked, user=user).first()
    previous = rsvp.status if rsvp else None
    if going:
        if previous in (RSVPStatus.GOING, RSVPStatus.WAITING):
            return rsvp
        status = RSVPStatus.GOING if _free_places(locked) > 0 else RSVPStatus.WAITING
    else:
        if previous in (None, RSVPStatus.NOT_GOING):
            return rsvp or RSVP.objects.create(
                meetup=locked, user=user, status=RSVPStatus.NOT_GOING
            )
        status = RSVPStatus.NOT_GOING
    if rsvp is None:
        rsvp = RSVP(meetup=locked, user=user)
    rsvp.status = status
    rsvp.changed = timezone.now()
    rsvp.save()
    if previous == RSVPStatus.GOING:
        promote_from_waiting_list(locked)
    return rsvp


def promote_from_waiting_list(meetup: Meetup) -> list[RSVP]:
    """Move waiting members up while there is room. The caller holds the meetup's row lock."""
    free = _free_places(meetup)
    if free <= 0:
        return []
    promoted = list(
        RSVP.objects.filter(meetup=meetup, status=RSVPStatus.WAITING)
        .select_related("user")
        .order_by("changed", "pk")[:free]
    )
    now = timezone.now()
    for rsvp in promoted:
        rsvp.status = RSVPStatus.GOING
        rsvp.changed = now
    RSVP.objects.bulk_update(promoted, ["status", "changed"])
    title = meetup.title
    notify(
        recipients=[rsvp.user for rsvp in promoted],
        kind=NotificationKind.MEETUP,
        message="meetup.promoted",
        params={"title": title},
        url=meetup.notification_path,
    )
    return promoted


def _free_places(meetup: Meetup) -> int:
    going = RSVP.objects.filter(meetup=meetup, status=RSVPStatus.GOING).count()
    return meetup.capacity - going
