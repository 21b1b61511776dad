"""The profile page's badges (networks, groups, zones coordinated) and recent forum activity."""

import pytest

from forum.models import Category
from network.groups.services.memberships import add_member
from network.models import GroupKind, Visibility
from tests.forum.factories import CategoryFactory, PostFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.factories import GroupFactory, NetworkFactory
from tests.zones.factories import ZonePageFactory, make_zone_index

pytestmark = pytest.mark.django_db


def group_category(group, **kwargs):
    """A forum category owned by `group`, whichever way the forum stores its owner."""
    fields = {field.name for field in Category._meta.get_fields()}
    if "owner_kind" in fields:
        return CategoryFactory(owner_kind="group", owner_id=group.pk, **kwargs)
    return CategoryFactory(owner=group, **kwargs)


@pytest.fixture
def anna():
    return ProfileFactory(handle="anna", display_name="Anna Kowalska")


@pytest.fixture
def groups(anna):
    labib = NetworkFactory(slug="labib", name="LABIB")
    open_group = GroupFactory(parent=labib, slug="klimat", name="Biblioteki dla Klimatu")
    zone = GroupFactory(
        kind=GroupKind.ZONE,
        parent=NetworkFactory(slug="strefy-innowacji", name="Strefy Innowacji"),
        slug="strefa-konin",
        name="Strefa Konin",
    )
    secret = GroupFactory(
        parent=labib, slug="zefir", name="Tajna Rada Zefir", visibility=Visibility.SECRET
    )
    for group in (labib, open_group, zone, secret):
        add_member(user=anna.user, group=group)
    return {"labib": labib, "secret": secret}


def test_badges_show_the_visible_networks_and_groups_with_links(client, anna, groups):
    client.force_login(UserFactory())
    page = client.get("/pl/members/anna/").content.decode()
    assert 'href="/pl/networks/labib/"' in page
    assert 'href="/pl/networks/labib/groups/klimat/"' in page
    assert "Strefa Konin" in page
    assert "Tajna Rada Zefir" not in page


def test_the_secret_groups_members_and_staff_see_its_badge(client, anna, groups):
    colleague = UserFactory()
    add_member(user=colleague, group=groups["secret"])
    for viewer in (colleague, UserFactory(is_staff=True)):
        client.force_login(viewer)
        assert "Tajna Rada Zefir" in client.get("/pl/members/anna/").content.decode()


def test_visitors_who_are_not_signed_in_see_no_member_lists_and_so_no_badges(client, anna, groups):
    page = client.get("/pl/members/anna/").content.decode()
    assert "LABIB" not in page


def test_a_members_only_network_badge_is_for_its_members(client, anna, groups):
    groups["labib"].visibility = Visibility.MEMBERS_ONLY
    groups["labib"].save()
    client.force_login(UserFactory())
    assert 'href="/pl/networks/labib/"' not in client.get("/pl/members/anna/").content.decode()


def test_zone_coordination_links_to_the_visible_zone_page(client, anna, home):
    index = make_zone_index(home)
    ZonePageFactory(
        parent=index, title="Strefa Innowacji Konin", slug="konin", coordinators=[anna.user]
    )
    draft = ZonePageFactory(
        parent=index, title="Strefa Szkic", slug="szkic", coordinators=[anna.user]
    )
    draft.unpublish()
    page = client.get("/en/members/anna/").content.decode()
    assert "Coordinator of Strefa Innowacji Konin" in page
    assert "/zones/konin/" in page
    assert "Strefa Szkic" not in page


def test_recent_activity_lists_topics_and_replies_the_viewer_may_see(client, anna):
    started = TopicFactory(author=anna.user, title="Warsztaty klimatyczne")
    other = TopicFactory(title="Druk 3D w bibliotece")
    PostFactory(topic=other, author=anna.user)
    TopicFactory(author=anna.user, title="Ukryty temat", is_hidden=True)
    page = client.get("/en/members/anna/").content.decode()
    assert f'Started <a href="/forum/t/{started.pk}/">' in page or "Warsztaty klimatyczne" in page
    assert "Replied in" in page
    assert "Druk 3D w bibliotece" in page
    assert "Ukryty temat" not in page


def test_secret_group_activity_is_never_shown_to_outsiders(client, anna, groups):
    category = group_category(groups["secret"], name="Rada: sprawy poufne")
    TopicFactory(category=category, author=anna.user, title="Budżet Kwiatkowo")
    for viewer in (None, UserFactory()):
        client.logout()
        if viewer:
            client.force_login(viewer)
        page = client.get("/pl/members/anna/").content.decode()
        assert "Budżet Kwiatkowo" not in page
    client.force_login(UserFactory(is_staff=True))
    assert "Budżet Kwiatkowo" in client.get("/pl/members/anna/").content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_the_profile_query_count_does_not_grow_with_badges_and_activity(
    client, home, django_assert_num_queries, count
):
    anna = ProfileFactory(handle="anna")
    anna.expertise.set(["robotyka", "klimat"])
    index = make_zone_index(home)
    network = NetworkFactory()
    for _number in range(count):
        add_member(user=anna.user, group=GroupFactory(parent=network))
        TopicFactory(author=anna.user)
        ZonePageFactory(parent=index, coordinators=[anna.user])
    viewer = UserFactory()
    add_member(user=viewer, group=network)
    client.force_login(viewer)
    client.get("/pl/members/anna/")  # Wagtail caches the site's root paths on first use
    # user (the session comes from the cache), memberships, profile, languages, expertise,
    # groups, zones, the forum's group rights, activity, unread notifications, and the site for
    # the zone links.
    with django_assert_num_queries(11):
        response = client.get("/pl/members/anna/")
    assert len(response.context["groups"]) == count
    assert len(response.context["coordinated_zones"]) == count
