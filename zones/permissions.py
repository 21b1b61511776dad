"""Who may see and do what with zones and meetups. Nothing else in the app decides it.

A meetup is visible exactly when its zone page is: live and without a view restriction.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from members.permissions import may_hold_page_rights
from network.core.viewer import Viewer
from network.groups import permissions as network_permissions
from network.models import Group, GroupKind
from zones.models import RSVP, Meetup, RSVPStatus, ZonePage
from zones.models.pages import ZonePageQuerySet


def filter_zones(zones: ZonePageQuerySet) -> ZonePageQuerySet:
    return zones.visible()


def filter_meetups(meetups: QuerySet[Meetup]) -> QuerySet[Meetup]:
    return meetups.filter(zone__in=filter_zones(ZonePage.objects.all()))


def filter_group_meetups(
    viewer: Viewer, group: Group, meetups: QuerySet[Meetup]
) -> QuerySet[Meetup]:
    """The meetups a network's or group's page lists, narrowing `meetups` (already filtered
    by `filter_meetups`).

    A zone's community lists its zone's meetups. A network or group lists those of the zones
    inside it and those organised by its members — only by members the viewer may see listed
    there, because such a list tells who belongs.
    """
    if group.kind == GroupKind.ZONE:
        return meetups.filter(zone__group=group)
    organisers = network_permissions.visible_members(viewer, group).values("user_id")
    return meetups.filter(Q(zone__group__parent=group) | Q(organiser_id__in=organisers))


def zone_community(viewer: Viewer, zone: ZonePage) -> Group | None:
    """The zone's community group (with its `member_count`), if it exists and the viewer may
    see it (staff could make it secret in the admin: then the zone page does not show it).
    Anyone who may see the group sees how many belong to it; names are the network policy's."""
    if zone.group_id is None:
        return None
    group = (
        Group.objects.select_related("parent")
        .annotate(member_count=Count("memberships"))
        .filter(pk=zone.group_id)
        .first()
    )
    if group is None or not network_permissions.can_see_group(viewer, group):
        return None
    return group


def access_zone(zone_id: int) -> ZonePage:
    zone = filter_zones(ZonePage.objects.filter(pk=zone_id)).first()
    if zone is None:
        raise Http404
    return zone


def access_meetup(meetup_id: int) -> Meetup:
    meetup = (
        filter_meetups(Meetup.objects.filter(pk=meetup_id))
        .select_related("zone", "organiser")
        .first()
    )
    if meetup is None:
        raise Http404
    return meetup


def can_manage_meetups(viewer: Viewer, zone: ZonePage, coordinators=None) -> bool:
    """Coordinators of the zone and editors who may edit its page in the admin.
    `coordinators`: the zone's coordinating users when the caller has them already."""
    if not viewer.is_authenticated:
        return False
    if coordinators is not None:
        if any(user.pk == viewer.user_id for user in coordinators):
            return True
    elif zone.coordinators.filter(user=viewer.user).exists():
        return True
    return may_hold_page_rights(viewer.user) and zone.permissions_for_user(viewer.user).can_edit()


def check_manage_meetups(viewer: Viewer, zone: ZonePage) -> None:
    if not can_manage_meetups(viewer, zone):
        raise PermissionDenied(
            _("Only the zone's coordinators and the editors manage its meetups.")
        )


def can_see_attendee_names(viewer: Viewer, meetup: Meetup) -> bool:
    # Anonymous visitors see how many are going, signed-in members also who.
    return viewer.is_authenticated


def can_see_online_link(viewer: Viewer, meetup: Meetup) -> bool:
    if not viewer.is_authenticated:
        return False
    if RSVP.objects.filter(meetup=meetup, user=viewer.user, status=RSVPStatus.GOING).exists():
        return True
    return can_manage_meetups(viewer, meetup.zone)
