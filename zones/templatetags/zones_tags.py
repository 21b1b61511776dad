from django import template

from zones import permissions, selectors
from zones.models import Meetup

register = template.Library()


@register.simple_tag(takes_context=True)
def upcoming_meetups(context, limit=5):
    """The next meetups in all zones the visitor may see: for the home and network pages."""
    visible = permissions.filter_meetups(context["request"].user, Meetup.objects.all())
    return selectors.upcoming_meetups(visible, limit)


@register.simple_tag(takes_context=True)
def can_manage_meetups(context, zone):
    return permissions.can_manage_meetups(context["request"].user, zone)
