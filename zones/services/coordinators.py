from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from zones.models import ZonePage

# What a coordinator may do with their own zone's page in the Wagtail admin.
PAGE_PERMISSIONS = ("change_page", "publish_page")
# Coordinators add pictures to their page's body and galleries.
IMAGE_PERMISSIONS = ("add_image", "choose_image")


def coordinator_group_name(zone: ZonePage) -> str:
    return f"Zone coordinators #{zone.pk}"


@transaction.atomic
def sync_zone_coordinators(*, zone: ZonePage) -> Group:
    """Make the zone's Wagtail group hold exactly its coordinators, with edit and publish
    rights on this one page (and nothing else in the tree).

    Called when a zone page is published: the coordinators named on the live page are the ones
    who get the rights.
    """
    group, created = Group.objects.get_or_create(name=coordinator_group_name(zone))
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.create(
                group=group,
                page=zone.page_ptr,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        root = Collection.get_first_root_node()
        for codename in IMAGE_PERMISSIONS:
            GroupCollectionPermission.objects.create(
                group=group,
                collection=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailimages", codename=codename
                ),
            )
    wanted = {c.user_id for c in zone.coordinators.all()}
    current = set(group.user_set.values_list("pk", flat=True))
    group.user_set.remove(*(current - wanted))
    group.user_set.add(*(wanted - current))
    return group
