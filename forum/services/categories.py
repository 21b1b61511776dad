"""Categories owned by networks, groups and Innovation Zones."""

from django.db import transaction
from django.db.models import Max

from forum.models import Category
from network.core.slugs import free_slug
from network.models import Group

_SLUG_LENGTH = Category._meta.get_field("slug").max_length
_NAME_LENGTH = Category._meta.get_field("name").max_length


@transaction.atomic
def ensure_group_category(*, group: Group) -> Category:
    """The category `group` owns, created on first call (name and slug from the group).

    Idempotent: a group that already owns a category gets its first one back, even if editors
    renamed it since. Called when a network, group or zone community is created, and by the demo.
    """
    # The row lock makes two concurrent calls for one group create one category (PostgreSQL).
    Group.objects.select_for_update().filter(pk=group.pk).first()
    existing = Category.objects.filter(owner=group).order_by("pk").first()
    if existing is not None:
        return existing
    last = Category.objects.aggregate(last=Max("position"))["last"]
    return Category.objects.create(
        owner=group,
        name=group.name[:_NAME_LENGTH],
        slug=free_slug(
            Category.objects, "slug", group.slug, max_length=_SLUG_LENGTH, fallback="grupa"
        ),
        description=group.description,
        position=0 if last is None else last + 1,
    )
