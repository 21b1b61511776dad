from django import template
from django.utils.translation import get_language

from network.groups import permissions as network_permissions
from network.groups.services.memberships import group_url
from zones import permissions, selectors
from zones.models import Meetup, ZonePage

register = template.Library()


@register.simple_tag(takes_context=True)
def upcoming_meetups(context, limit=5):
    """The next meetups in all zones the visitor may see: for the home and network pages."""
    visible = permissions.filter_meetups(Meetup.objects.all())
    return selectors.upcoming_meetups(visible, limit)


@register.simple_tag(takes_context=True)
def zone_upcoming_meetups(context, zone, limit=5):
    """The next meetups of one zone (any of its translations) the visitor may see."""
    visible = permissions.filter_meetups(Meetup.objects.all())
    return selectors.upcoming_meetups(
        visible.filter(zone__translation_key=zone.translation_key), limit
    )


@register.simple_tag(takes_context=True)
def start_page_meetups(context, limit=5):
    """The next meetups for a member: theirs first, then their zones', then any they may see."""
    request = context["request"]
    visible = permissions.filter_meetups(Meetup.objects.all())
    return selectors.start_page_meetups(request.user, request.viewer.group_ids, visible, limit)


@register.simple_tag(takes_context=True)
def group_upcoming_meetups(context, group, limit=5):
    """The next meetups a network's or group's page lists (zones.permissions decides which)."""
    request = context["request"]
    visible = permissions.filter_meetups(Meetup.objects.all())
    listed = permissions.filter_group_meetups(request.viewer, group, visible)
    return selectors.upcoming_meetups(listed, limit)


@register.simple_tag(takes_context=True)
def zone_of_community(context, group):
    """The page of the zone whose community `group` is, in the visitor's language if it has
    one; None for other groups or when the page may not be seen."""
    pages = permissions.filter_zones(ZonePage.objects.filter(group=group))
    return selectors.zone_page_in_language(pages, get_language())


@register.simple_tag(takes_context=True)
def zone_community(context, zone):
    """What the zone page shows of the zone's community, or None: the group, its size and the
    join/leave state, in the shape network/includes/membership_status.html reads."""
    viewer = context["request"].viewer
    group = permissions.zone_community(viewer, zone)
    if group is None:
        return None
    return {
        "group": group,
        "url": group_url(group),
        "member_count": group.member_count,
        "join_state": network_permissions.join_state(viewer, group),
        "can_manage": network_permissions.can_manage_group(viewer, group),
        "join_url": group_url(group, "join"),
        "leave_url": group_url(group, "leave"),
        "manage_url": group_url(group, "manage"),
    }


@register.simple_tag(takes_context=True)
def can_manage_meetups(context, zone, coordinators=None):
    return permissions.can_manage_meetups(context["request"].viewer, zone, coordinators)
