from django import template

from forum import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def latest_topics(context, owner=None, limit=5):
    """The latest topics the visitor may see: in the whole forum, or in `owner`'s categories.

    For the home page and the pages of networks and groups (a constant number of queries).
    """
    return selectors.latest_topics(context["request"].viewer, owner=owner or None, limit=limit)


@register.simple_tag(takes_context=True)
def group_forum(context, owner):
    """The forum category of a network, group or zone, when the visitor may see it (else None)."""
    return selectors.group_forum(context["request"].viewer, owner)
