"""Who may see and do what with zones and meetups. Nothing else in the app decides it.

A meetup is visible exactly when its zone page is: live and without a view restriction.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from members.models import User
from zones.models import RSVP, Meetup, RSVPStatus, ZonePage


def filter_zones(user: User, zones: QuerySet[ZonePage]) -> QuerySet[ZonePage]:
    return zones.visible()


def filter_meetups(user: User, meetups: QuerySet[Meetup]) -> QuerySet[Meetup]:
    return meetups.filter(zone__in=filter_zones(user, ZonePage.objects.all()))


def access_zone(user: User, zone_id: int) -> ZonePage:
    zone = filter_zones(user, ZonePage.objects.filter(pk=zone_id)).first()
    if zone is None:
        raise Http404
    return zone


def access_meetup(user: User, meetup_id: int) -> Meetup:
    meetup = (
        filter_meetups(user, Meetup.objects.filter(pk=meetup_id))
        .select_related("zone", "organiser")
        .first()
    )
    if meetup is None:
        raise Http404
    return meetup


def can_manage_meetups(user: User, zone: ZonePage) -> bool:
    """Coordinators of the zone and editors who may edit its page in the admin."""
    if not user.is_authenticated:
        return False
    if zone.coordinators.filter(user=user).exists():
        return True
    return zone.permissions_for_user(user).can_edit()


def check_manage_meetups(user: User, zone: ZonePage) -> None:
    if not can_manage_meetups(user, zone):
        raise PermissionDenied(
            _("Only the zone's coordinators and the editors manage its meetups.")
        )


def can_see_attendee_names(user: User, meetup: Meetup) -> bool:
    # Anonymous visitors see how many are going, signed-in members also who.
    return user.is_authenticated


def can_see_online_link(user: User, meetup: Meetup) -> bool:
    if not user.is_authenticated:
        return False
    if RSVP.objects.filter(meetup=meetup, user=user, status=RSVPStatus.GOING).exists():
        return True
    return can_manage_meetups(user, meetup.zone)
