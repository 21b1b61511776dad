from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from members.models import (
    Library,
    Notification,
    Profile,
    ProfileExpertise,
    ProfileLanguage,
    User,
)
from members.permissions import filter_profiles
from network.core.mentions import mentioned_handles
from network.core.paths import without_language
from network.core.search_words import query_terms, starts_of_words
from network.core.viewer import Viewer, viewer_for
from network.groups.permissions import can_see_members_of, filter_groups, needs_mfa_setup
from network.models import Group, GroupKind, Membership

DIRECTORY_ORDER = {"name": ["display_name", "id"], "recent": ["-created", "-id"]}
# A text search counts at most this many matches (ten pages); beyond, the page says "more than".
MAX_SEARCH_RESULTS = 240
# How many libraries and areas of expertise the directory offers as filters.
FACET_SIZE = 12


class SearchPaginator(Paginator):
    """Counts no further than MAX_SEARCH_RESULTS matches, so a word that most members match costs
    the same in a directory of any size; the pages stop there too."""

    @cached_property
    def _counted(self) -> int:
        # Which matches are counted does not matter: no order, so the first ones found do.
        return self.object_list.order_by()[: MAX_SEARCH_RESULTS + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, MAX_SEARCH_RESULTS)

    @property
    def more(self) -> bool:
        return self._counted > MAX_SEARCH_RESULTS


def search_profiles(
    profiles: QuerySet[Profile],
    *,
    q: str = "",
    voivodeship: str = "",
    language: str = "",
    library: Library | None = None,
    library_id: int | None = None,
    expertise: str = "",
    member_of: tuple[Group, ...] = (),
    sort: str = "name",
) -> QuerySet[Profile]:
    """Narrow already visible profiles (`permissions.filter_profiles`) for the directory.

    `member_of` narrows to members of each group given; the caller passes only groups whose
    member list the viewer may see (`directory_groups`). Only completed profiles are listed,
    and everything a result card shows is fetched in a fixed number of queries, however many
    results the page has.
    """
    profiles = profiles.filter(onboarded_at__isnull=False)
    # Every word typed matches the start of a word of the profile, in any of its forms:
    # "Wroclaw" finds "Wrocław", "granty" finds "grantów", "Kowal" finds "Kowalska".
    profiles = profiles.filter(starts_of_words("search_words", query_terms(q)))
    if voivodeship:
        profiles = profiles.filter(voivodeship=voivodeship)
    if language:
        profiles = profiles.filter(
            Exists(ProfileLanguage.objects.filter(profile=OuterRef("pk"), code=language))
        )
    if library is not None:
        profiles = profiles.filter(library=library)
    if library_id is not None:
        profiles = profiles.filter(library_id=library_id)
    if expertise:
        profiles = profiles.filter(
            Exists(
                ProfileExpertise.objects.filter(content_object=OuterRef("pk"), tag__slug=expertise)
            )
        )
    for group in member_of:
        profiles = profiles.filter(
            Exists(Membership.objects.filter(user_id=OuterRef("user_id"), group=group))
        )
    return (
        profiles.select_related("library", "user")
        # A plain list per profile: taggit's manager costs more per profile than the query.
        .prefetch_related(
            Prefetch(
                "expertise_items",
                queryset=ProfileExpertise.objects.select_related("tag").order_by("tag__name"),
                to_attr="expertise_list",
            )
        )
        .order_by(*DIRECTORY_ORDER.get(sort, DIRECTORY_ORDER["name"]))
    )


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


def directory_facets(
    profiles: QuerySet[Profile], *, searched: bool = False
) -> dict[str, list[Facet]]:
    """The libraries and areas of expertise of the profiles found, each with how many of them
    it has, most common first (two queries, whatever the number of profiles). For a search,
    of the matches its pages list (MAX_SEARCH_RESULTS, as SearchPaginator counts), so a word
    most members match costs the same in a directory of any size."""
    found = (
        profiles.values("pk")[:MAX_SEARCH_RESULTS] if searched else profiles.order_by().values("pk")
    )
    libraries = (
        Library.objects.filter(profiles__in=found)
        .annotate(members=Count("profiles"))
        .order_by("-members", "name")
        .values_list("pk", "name", "members")[:FACET_SIZE]
    )
    expertise = (
        ProfileExpertise.objects.filter(content_object__in=found)
        .values("tag__slug", "tag__name")
        .annotate(members=Count("content_object", distinct=True))
        .order_by("-members", "tag__name")[:FACET_SIZE]
    )
    return {
        "library": [Facet(str(pk), name, count) for pk, name, count in libraries],
        "expertise": [
            Facet(row["tag__slug"], row["tag__name"], row["members"]) for row in expertise
        ],
    }


def approved_library(pk: int) -> Library | None:
    return Library.objects.filter(pk=pk, status=Library.Status.APPROVED).first()


def _may_list_members(viewer: Viewer, group: Group) -> bool:
    # The same rule as the group's own member list (network.groups.permissions.visible_members).
    return can_see_members_of(viewer, group) and not needs_mfa_setup(viewer, group)


def directory_groups(viewer: Viewer) -> list[Group]:
    """Networks and zones the directory may filter by: those whose member list the viewer may see.

    Any other group (a secret one above all) is not offered, so asking for it gets the same
    answer as a slug that does not exist: who belongs to it never leaks through the filter.
    """
    if not viewer.is_authenticated:
        return []  # nobody's member list is open to visitors who are not signed in
    groups = filter_groups(
        viewer, Group.objects.filter(kind__in=[GroupKind.NETWORK, GroupKind.ZONE])
    ).select_related("parent")
    return [group for group in groups.order_by("name", "pk") if _may_list_members(viewer, group)]


def group_url(group: Group) -> str:
    if group.parent_id is None:
        # A network's own page is its Wagtail page, at the address its actions hang under.
        return reverse("networks:network_join", args=[group.slug]).removesuffix("join/")
    return reverse("networks:group", args=[group.parent.slug, group.slug])


def membership_badges(viewer: Viewer, user_id: int) -> list[Group]:
    """The member's networks and groups shown on their profile: only those the viewer may see,
    and whose member list the viewer may see (else the badge would list them as a member)."""
    groups = filter_groups(viewer, Group.objects.filter(memberships__user_id=user_id))
    groups = groups.select_related("parent").order_by("parent_id", "name", "pk")
    badges = [group for group in groups if _may_list_members(viewer, group)]
    for group in badges:
        group.url = group_url(group)
    # Networks first, then groups and zones.
    return sorted(badges, key=lambda group: group.parent_id is not None)


# As many mentions as a post's notifications consider (forum.services.notifying).
MAX_LINKED_MENTIONS = 20


def named_from(people: QuerySet[User], prefix: str) -> QuerySet[User]:
    """Those of `people` whose handle, display name, first or last name starts with `prefix`:
    how the people picker and mention completion find someone (never by user name, which may be
    their e-mail's local part)."""
    return people.filter(
        Q(profile__handle__istartswith=prefix)
        | Q(profile__display_name__istartswith=prefix)
        | Q(first_name__istartswith=prefix)
        | Q(last_name__istartswith=prefix)
    )


def mention_links(author, body: str) -> dict[str, str]:
    """The @mentions in `body` that name a member the author may see (by profile handle, or by
    the user name older mentions used) → the language-neutral address of that profile. Any other
    @name stays plain text; a body without a mention costs no query."""
    handles = sorted(mentioned_handles(body))[:MAX_LINKED_MENTIONS]
    if not handles:
        return {}
    named = Profile.objects.filter(
        Q(handle__in=handles) | Q(user__username__in=handles), user__is_active=True
    )
    links = {}
    for handle, username in filter_profiles(viewer_for(author), named).values_list(
        "handle", "user__username"
    ):
        path = without_language(reverse("members:profile", args=[handle]))
        for name in {handle.lower(), username.lower()} & set(handles):
            links[name] = path
    return links


# Notification.objects.for_recipient(user).unread().count(), written out: the header asks it on
# every member's page, and the ORM took longer to build it (0.6 ms) than this takes (0.1 ms).
_UNREAD_NOTIFICATIONS = "SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL"


def unread_notification_count(user) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD_NOTIFICATIONS.format(table=Notification._meta.db_table), [user.pk])
        return cursor.fetchone()[0]
