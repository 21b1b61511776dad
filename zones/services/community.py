"""Each zone's community: a group of kind `zone` in the Innovation Zones network.

The group is what the rest of the platform knows a zone by: its members, its forum category and
its chat room follow from it. It is made when the zone page is first published and kept in step
with the page each time it is published again (the page's name; its coordinators as the group's
admins). The English and Ukrainian copies of a zone page share the one group.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale, Page

from forum.services.categories import ensure_group_category
from network.chat.services import ensure_group_room
from network.core.slugs import free_slug
from network.groups.services.memberships import add_member, change_role
from network.models import Group, GroupKind, JoinPolicy, Membership, Role, Visibility
from zones.models import ZonePage
from zones.services.coordinators import coordinator_group_name

ZONES_NETWORK_SLUG = "strefy-innowacji"
ZONES_NETWORK_NAME = "Strefy Innowacji"
ZONES_NETWORK_DESCRIPTION = (
    "25 bibliotek w całej Polsce, w których mieszkańcy spotykają się, rozmawiają i wspólnie "
    "szukają rozwiązań ważnych dla swojej społeczności."
)


@transaction.atomic
def ensure_zones_network() -> Group:
    """The "Innovation Zones" network, made once: public, open to anyone who wants to join."""
    network, _created = Group.objects.get_or_create(
        slug=ZONES_NETWORK_SLUG,
        defaults={
            "kind": GroupKind.NETWORK,
            "name": ZONES_NETWORK_NAME,
            "description": ZONES_NETWORK_DESCRIPTION,
            "visibility": Visibility.PUBLIC,
            "join_policy": JoinPolicy.OPEN,
        },
    )
    # Like every network, it has a forum category and a chat room (both idempotent).
    ensure_group_category(group=network)
    ensure_group_room(group=network)
    return network


def original_zone(zone: ZonePage) -> ZonePage:
    """The zone page in the site's default language (the one translations are made from)."""
    default = Locale.get_default()
    if zone.locale_id == default.pk:
        return zone
    original = zone.get_translation_or_none(default)
    return original.specific if original is not None else zone


def _unique_slug(zone: ZonePage) -> str:
    base = zone.slug if zone.slug.startswith("strefa") else f"strefa-{zone.slug}"
    return free_slug(Group.objects, "slug", base, max_length=76, fallback="strefa")


@transaction.atomic
def sync_zone_community(*, zone: ZonePage) -> Group:
    """Make (or keep in step) the zone's community group; returns it.

    Runs before `sync_zone_coordinators`: the members of the zone's Wagtail coordinator group
    are, until that runs, the coordinators of the previous publication, whose admin role is
    taken back here when they are no longer named on the page (they stay members).
    """
    # The translations' rows are locked so two publications at once make one group, not two.
    list(
        Page.objects.select_for_update()
        .filter(translation_key=zone.translation_key)
        .values_list("pk", flat=True)
    )
    original = original_zone(zone)
    group = (
        Group.objects.filter(kind=GroupKind.ZONE, zone_pages__translation_key=zone.translation_key)
        .order_by("pk")
        .first()
    )
    name = original.title[:200]
    if group is None:
        group = Group.objects.create(
            kind=GroupKind.ZONE,
            parent=ensure_zones_network(),
            slug=_unique_slug(original),
            name=name,
            description=original.intro,
            visibility=Visibility.PUBLIC,
            join_policy=JoinPolicy.OPEN,
        )
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    # Not through a revision: the link is the platform's, not the editors' (see with_content_json).
    ZonePage.objects.filter(translation_key=zone.translation_key).exclude(group=group).update(
        group=group
    )
    zone.group = group
    _sync_admins(group=group, zone=original)
    # The community's discussion and chat follow the group (both idempotent, names kept in step).
    ensure_group_category(group=group)
    ensure_group_room(group=group)
    return group


def _sync_admins(*, group: Group, zone: ZonePage) -> None:
    coordinators = {coordinator.user_id for coordinator in zone.coordinators.all()}
    former = set(
        get_user_model()
        .objects.filter(groups__name=coordinator_group_name(zone))
        .values_list("pk", flat=True)
    )
    for user in get_user_model().objects.filter(pk__in=coordinators).order_by("pk"):
        add_member(user=user, group=group, role=Role.ADMIN)
    stepped_down = Membership.objects.filter(
        group=group, role=Role.ADMIN, user_id__in=former - coordinators
    ).select_related("user", "group")
    for membership in stepped_down:
        change_role(membership=membership, role=Role.MEMBER, actor=None)
