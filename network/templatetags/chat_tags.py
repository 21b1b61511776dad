"""The "Chat" link of a network's or group's page, asked of the access policy."""

from django import template

from network.groups import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def group_room(context, group):
    """The group's room if the viewer may read it (its members, staff), else None."""
    request = context.get("request")
    if request is None or group is None:
        return None
    return permissions.group_room_of(request.memberships, group)
