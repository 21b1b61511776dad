from django import template

from network.site import selectors_start

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_rooms(context, limit=5):
    request = context["request"]
    return selectors_start.unread_rooms(request.viewer, limit)


@register.simple_tag(takes_context=True)
def new_colleagues(context, limit=6):
    return selectors_start.new_colleagues(context["request"].viewer, limit)
