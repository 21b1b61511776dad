"""Live forum subscriptions for /ws/ (docs/live-protocol.md): a topic or a category is watched
through the one subscription registry, authorised by forum/permissions.py."""

from forum import permissions
from forum.models import Category, Topic
from network.core.subscriptions import Kind, register


def topic_group(topic_id: int) -> str:
    return f"forum.topic.{int(topic_id)}"


def category_group(category_id: int) -> str:
    return f"forum.category.{int(category_id)}"


def _authorise_topic(viewer, topic_id) -> int:
    return permissions.access_topic(viewer, topic_id).pk


def _authorise_category(viewer, category_id) -> int:
    return permissions.access_category_by_id(viewer, category_id).pk


def _topics_still_visible(viewer, topic_ids: set[int]) -> set[int]:
    topics = permissions.filter_topics(viewer, Topic.objects.filter(pk__in=list(topic_ids)))
    return set(topics.values_list("pk", flat=True))


def _categories_still_visible(viewer, category_ids: set[int]) -> set[int]:
    categories = permissions.filter_categories(
        viewer, Category.objects.filter(pk__in=list(category_ids))
    )
    return set(categories.values_list("pk", flat=True))


TOPIC = register(Kind("topic", topic_group, _authorise_topic, _topics_still_visible))
CATEGORY = register(
    Kind("category", category_group, _authorise_category, _categories_still_visible)
)
