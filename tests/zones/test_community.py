import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from forum.models import Category
from network.core.viewer import viewer_for
from network.groups.permissions import check_join_group
from network.models import Group, GroupKind, JoinPolicy, Membership, Role, Room, Visibility
from tests.members.factories import UserFactory
from tests.network.factories import GroupFactory, MembershipFactory
from tests.zones.factories import MeetupFactory, ZonePageFactory
from tests.zones.test_coordinators import admin_form_data
from zones.models import ZoneCoordinator, ZonePage
from zones.services.community import ZONES_NETWORK_SLUG, sync_zone_community
from zones.services.coordinators import sync_zone_coordinators

pytestmark = pytest.mark.django_db


def publish_sync(zone):
    """What publishing a zone page runs (the after_publish_page hook, the demo)."""
    sync_zone_community(zone=zone)
    sync_zone_coordinators(zone=zone)
    return ZonePage.objects.get(pk=zone.pk)


def role_of(user, group):
    return Membership.objects.filter(user=user, group=group).values_list("role", flat=True).first()


@pytest.fixture
def community(zone):
    return publish_sync(zone).group


def test_a_published_zone_gets_a_public_open_community_in_the_innovation_zones_network(
    zone, coordinator
):
    assert zone.group is None
    zone = publish_sync(zone)
    group = zone.group
    assert group.kind == GroupKind.ZONE
    assert group.name == zone.title
    assert (group.visibility, group.join_policy) == (Visibility.PUBLIC, JoinPolicy.OPEN)
    network = group.parent
    assert (network.slug, network.name, network.kind) == (
        ZONES_NETWORK_SLUG,
        "Strefy Innowacji",
        GroupKind.NETWORK,
    )
    assert (network.visibility, network.join_policy) == (Visibility.PUBLIC, JoinPolicy.OPEN)
    assert role_of(coordinator, group) == Role.ADMIN


def test_publishing_again_keeps_one_group_and_its_name_in_step(zone):
    group = publish_sync(zone).group
    zone.title = "Strefa Innowacji Nowa Nazwa"
    zone.save_revision().publish()
    zone = publish_sync(zone)
    assert zone.group == group
    group.refresh_from_db()
    assert group.name == "Strefa Innowacji Nowa Nazwa"
    assert Group.objects.filter(kind=GroupKind.ZONE).count() == 1
    assert Group.objects.filter(slug=ZONES_NETWORK_SLUG).count() == 1


def test_community_slugs_are_unique_across_all_groups(zone_index):
    GroupFactory(slug="strefa-torun")
    first = publish_sync(ZonePageFactory(parent=zone_index, slug="torun")).group
    assert first.slug == "strefa-torun-2"


def test_a_removed_coordinator_loses_the_admin_role_but_stays_a_member(zone, coordinator):
    group = publish_sync(zone).group
    successor = UserFactory()
    ZoneCoordinator.objects.filter(page=zone).delete()
    ZoneCoordinator.objects.create(page=zone, user=successor)
    publish_sync(zone)
    assert role_of(coordinator, group) == Role.MEMBER
    assert role_of(successor, group) == Role.ADMIN


def test_an_admin_appointed_in_the_group_keeps_the_role_when_coordinators_change(zone, coordinator):
    group = publish_sync(zone).group
    helper = MembershipFactory(group=group, role=Role.ADMIN).user
    ZoneCoordinator.objects.create(page=zone, user=UserFactory())
    publish_sync(zone)
    assert role_of(helper, group) == Role.ADMIN
    assert role_of(coordinator, group) == Role.ADMIN


def test_publishing_in_the_admin_makes_the_community_and_a_new_coordinator_its_admin(
    client, zone, coordinator
):
    newcomer = UserFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = admin_form_data(zone, added=[newcomer])
    response = client.post(f"/admin/pages/{zone.pk}/edit/", {**data, "action-publish": "publish"})
    assert response.status_code == 302
    group = ZonePage.objects.get(pk=zone.pk).group
    assert role_of(newcomer, group) == Role.ADMIN
    assert role_of(coordinator, group) == Role.ADMIN
    # Dropping the first coordinator in the admin takes back their role, not their membership.
    data = admin_form_data(ZonePage.objects.get(pk=zone.pk))
    row = next(key for key, value in data.items() if value == str(coordinator.pk))
    data[row.replace("-user", "-DELETE")] = "on"
    client.post(f"/admin/pages/{zone.pk}/edit/", {**data, "action-publish": "publish"})
    assert ZonePage.objects.get(pk=zone.pk).group == group
    assert role_of(coordinator, group) == Role.MEMBER
    assert role_of(newcomer, group) == Role.ADMIN


def test_publishing_a_revision_made_before_the_community_keeps_the_link(zone):
    old_revision = zone.save_revision()
    group = publish_sync(zone).group
    old_revision.publish()
    assert ZonePage.objects.get(pk=zone.pk).group == group


def test_translations_share_the_original_group_named_after_the_original(zone):
    group = publish_sync(zone).group
    english = zone.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    assert english.group is None  # a copy is never linked by copying
    english.title = "Innovation Zone"
    english.save_revision().publish()
    english = publish_sync(english)
    assert english.group == group
    group.refresh_from_db()
    assert group.name == zone.title
    assert Group.objects.filter(kind=GroupKind.ZONE).count() == 1


def test_a_copied_zone_gets_a_community_of_its_own(zone_index, zone):
    group = publish_sync(zone).group
    copy = zone.copy(update_attrs={"slug": "kopia", "title": "Kopia"})
    assert publish_sync(copy).group != group


def test_anyone_may_join_a_zone_community_without_joining_the_network_first(community):
    outsider = UserFactory()
    check_join_group(viewer_for(outsider), community)
    plain_group = GroupFactory(parent=community.parent, kind=GroupKind.GROUP)
    with pytest.raises(PermissionDenied):
        check_join_group(viewer_for(outsider), plain_group)


def test_a_member_joins_a_zone_community_through_the_network_views(client, community):
    member = UserFactory()
    client.force_login(member)
    url = f"/pl/networks/{ZONES_NETWORK_SLUG}/groups/{community.slug}/"
    response = client.post(url + "join/")
    assert response.status_code == 302
    assert role_of(member, community) == Role.MEMBER
    assert role_of(member, community.parent) is None
    assert client.post(url + "leave/").status_code == 302
    assert role_of(member, community) is None


def test_the_zone_page_shows_its_community_with_the_join_button(client, zone, community):
    url = ZonePage.objects.get(pk=zone.pk).url
    group_url = f"/pl/networks/{ZONES_NETWORK_SLUG}/groups/{community.slug}/"
    html = client.get(url).content.decode()
    assert "1 członek" in html
    assert f'href="{group_url}"' in html
    assert "/accounts/login/?next=" in html
    member = UserFactory()
    client.force_login(member)
    html = client.get(url).content.decode()
    assert f'action="{group_url}join/"' in html
    Membership.objects.create(user=member, group=community)
    html = client.get(url).content.decode()
    assert "2 członków" in html
    assert f'action="{group_url}leave/"' in html


def test_joining_and_leaving_on_the_zone_page_comes_back_to_it(client, zone, community):
    url = ZonePage.objects.get(pk=zone.pk).url
    group_url = f"/pl/networks/{ZONES_NETWORK_SLUG}/groups/{community.slug}/"
    member = UserFactory()
    client.force_login(member)
    assert f'name="next" value="{url}"' in client.get(url).content.decode()
    response = client.post(group_url + "join/", {"next": url}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert role_of(member, community) == Role.MEMBER
    # The confirmation shows on the zone page, which now offers to leave.
    html = response.content.decode()
    assert f"Dołączono do: {community.name}." in html
    assert f'action="{group_url}leave/"' in html
    response = client.post(group_url + "leave/", {"next": url})
    assert (response.status_code, response["Location"]) == (302, url)
    assert role_of(member, community) is None
    # An address on another site is not followed: the group's own page instead.
    response = client.post(group_url + "join/", {"next": "https://example.com/"})
    assert response["Location"] == group_url


def test_the_zone_page_leaves_out_a_community_staff_made_secret(client, zone, community):
    community.visibility = Visibility.SECRET
    community.save()
    html = client.get(ZonePage.objects.get(pk=zone.pk).url).content.decode()
    assert community.name not in html.replace(zone.title, "")
    assert "/groups/" not in html


def test_the_zone_page_makes_the_same_queries_however_many_members_meetups_and_coordinators(
    client, zone, community
):
    zone = ZonePage.objects.get(pk=zone.pk)
    viewer = UserFactory()
    client.force_login(viewer)
    client.get(zone.url)  # warms the site root paths cache, as any running site has it
    with CaptureQueriesContext(connection) as few:
        client.get(zone.url)
    for _ in range(5):
        MembershipFactory(group=community)
        MeetupFactory(zone=zone)
        ZoneCoordinator.objects.create(page=zone, user=UserFactory())
    with CaptureQueriesContext(connection) as many:
        response = client.get(zone.url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    # Of these, 8 are the community's (the group with its size, the viewer's memberships and
    # second factor, the pending-request check the network policy makes twice, its forum
    # category, latest topics and chat room); the rest were there before (routing, languages,
    # notifications, meetups, the coordinators' rights). Still above the goal of 12.
    assert len(few.captured_queries) <= 19


def test_a_zone_community_gets_its_forum_category_and_chat_room_once(zone):
    group = publish_sync(zone).group
    publish_sync(zone)
    assert [category.owner_id for category in Category.objects.filter(owner=group)] == [group.pk]
    assert Room.objects.get(group=group).title == group.name


def test_the_zone_page_links_members_to_the_zones_forum_and_chat(client, zone, community):
    category = Category.objects.get(owner=community)
    room = Room.objects.get(group=community)
    forum_link = f'href="/pl/forum/c/{category.slug}/"'
    chat_link = f'href="/pl/chat/{room.pk}/"'
    url = ZonePage.objects.get(pk=zone.pk).url
    html = client.get(url).content.decode()
    assert forum_link not in html  # a community's forum is for signed-in members
    assert chat_link not in html
    member = UserFactory()
    client.force_login(member)
    html = client.get(url).content.decode()
    assert forum_link in html
    assert chat_link not in html  # the room is for the community's members
    Membership.objects.create(user=member, group=community)
    html = client.get(url).content.decode()
    assert forum_link in html
    assert chat_link in html
