from django import template

from forum import fragments, selectors

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


@register.simple_tag(takes_context=True)
def linked_category(context, category_id, limit=5):
    """`(category, topics)` of the category an editor linked to a page, or (None, []) when the
    visitor may not see it (two queries)."""
    return selectors.category_latest_topics(context["request"].viewer, category_id, limit=limit)


@register.simple_tag(takes_context=True)
def topics_in_my_groups(context, limit=6):
    request = context["request"]
    return selectors.topics_in_groups(request.viewer, request.viewer.group_ids, limit=limit)


@register.simple_tag(takes_context=True)
def watched_with_replies(context, limit=5):
    return selectors.watched_with_replies(context["request"].viewer, limit=limit)


@register.simple_tag(takes_context=True)
def topic_rows(context, topics):
    return fragments.render_topic_rows(
        context["request"],
        topics,
        since=context.get("since"),
        show_category=bool(context.get("show_category")),
    )
