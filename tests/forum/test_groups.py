"""Categories owned by networks, groups and zones: the networks' access policy decides them."""

import re

import pytest
from allauth.mfa.models import Authenticator
from channels.db import database_sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import permissions
from forum.models import Category, Subscription, Topic
from forum.services.categories import ensure_group_category
from forum.services.posting import create_reply, create_topic
from network.core.viewer import anonymous, viewer_for
from network.models import GroupKind, Role, Visibility
from tests.forum.factories import CategoryFactory, PostFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.factories import GroupFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Budżet Kwiatkowo na posiedzenie zarządu"
PERSONAS = [
    "anonymous",
    "outsider",
    "network_member",
    "group_member",
    "group_moderator",
    "network_moderator",
    "staff",
]


def fresh(user):
    # A new request has a new viewer, computed afresh.
    if user is None:
        return anonymous()
    return viewer_for(type(user).objects.get(pk=user.pk))


@pytest.fixture
def society(db):
    """A network with a public, a members-only and a secret group, and one person per role."""
    network = NetworkFactory(slug="siec-forum", name="Sieć Forum")
    groups = {
        "network": network,
        "public": GroupFactory(parent=network, visibility=Visibility.PUBLIC),
        "members_only": GroupFactory(parent=network, visibility=Visibility.MEMBERS_ONLY),
        "secret": GroupFactory(parent=network, visibility=Visibility.SECRET, name="Rada Zefir"),
    }
    people = {"anonymous": None, "outsider": UserFactory(), "staff": UserFactory(is_staff=True)}
    people["network_member"] = UserFactory()
    MembershipFactory(user=people["network_member"], group=network)
    people["network_moderator"] = UserFactory()
    MembershipFactory(user=people["network_moderator"], group=network, role=Role.MODERATOR)
    people["group_member"] = UserFactory(username="czlonek")
    people["group_moderator"] = UserFactory()
    for name in ("public", "members_only", "secret"):
        MembershipFactory(user=people["group_member"], group=groups[name])
        MembershipFactory(user=people["group_moderator"], group=groups[name], role=Role.MODERATOR)
    for name in ("group_member", "group_moderator"):
        MembershipFactory(user=people[name], group=network)
    categories = {name: ensure_group_category(group=group) for name, group in groups.items()}
    return groups, people, categories


SEES = {
    # A public network's or group's forum: everyone signed in.
    "network": set(PERSONAS) - {"anonymous"},
    "public": set(PERSONAS) - {"anonymous"},
    # A members-only group's forum: the members of its network.
    "members_only": set(PERSONAS) - {"anonymous", "outsider"},
    # A secret group's forum: its own members (and staff), nobody else, not even the network's
    # moderators.
    "secret": {"group_member", "group_moderator", "staff"},
}
POSTS = {
    "network": {"network_member", "network_moderator", "group_member", "group_moderator", "staff"},
    "public": {"group_member", "group_moderator", "network_moderator", "staff"},
    "members_only": {"group_member", "group_moderator", "network_moderator", "staff"},
    "secret": {"group_member", "group_moderator", "staff"},
}
MODERATES = {
    "network": {"network_moderator", "staff"},
    "public": {"group_moderator", "network_moderator", "staff"},
    "members_only": {"group_moderator", "network_moderator", "staff"},
    "secret": {"group_moderator", "staff"},
}


@pytest.mark.parametrize("kind", list(SEES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_posts_in_and_moderates_a_groups_category(society, kind, persona):
    _groups, people, categories = society
    category = categories[kind]
    user = fresh(people[persona])
    sees = persona in SEES[kind]
    assert permissions.can_see_category(user, category) is sees
    assert (category in permissions.filter_categories(user, Category.objects.all())) is sees
    # The same answer from the category fetched with its owner (access_*) as from the lists.
    assert permissions.can_see_category(fresh(people[persona]), _with_owner(category)) is sees
    assert permissions.can_post_in(user, category) is (persona in POSTS[kind])
    assert permissions.can_moderate(user, category) is (persona in MODERATES[kind])
    assert permissions.can_moderate(fresh(people[persona]), _with_owner(category)) is (
        persona in MODERATES[kind]
    )


def _with_owner(category):
    return Category.objects.select_related("owner__parent").get(pk=category.pk)


def test_the_rights_are_computed_once_per_viewer(society, django_assert_num_queries):
    _groups, people, _categories = society
    listed = list(Category.objects.all())
    # Viewer (1 query; the second factor is checked inside the next) and the groups that own
    # categories (1), then nothing more.
    with django_assert_num_queries(2):
        user = viewer_for(people["group_member"])
        for category in listed:
            permissions.can_see_category(user, category)
            permissions.can_post_in(user, category)
            permissions.can_moderate(user, category)


def test_a_group_requiring_two_factor_authentication_shows_nothing_without_it(society):
    groups, people, categories = society
    groups["secret"].requires_mfa = True
    groups["secret"].save()
    member = people["group_member"]
    topic = TopicFactory(category=categories["secret"])
    assert not permissions.can_see_category(fresh(member), categories["secret"])
    assert not permissions.filter_topics(fresh(member), Topic.objects.filter(pk=topic.pk))
    assert permissions.can_see_category(fresh(member), categories["public"])
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={})
    assert permissions.can_see_category(fresh(member), categories["secret"])


def test_a_network_requiring_two_factor_authentication_hides_its_groups_forums_too(society):
    groups, people, categories = society
    groups["network"].requires_mfa = True
    groups["network"].save()
    assert not permissions.can_see_category(fresh(people["group_member"]), categories["public"])


def test_a_zone_communitys_category_is_used_by_its_members(db):
    zones = NetworkFactory(slug="strefy-innowacji")
    zone = GroupFactory(kind=GroupKind.ZONE, parent=zones, name="Strefa Wrocław")
    member = UserFactory()
    MembershipFactory(user=member, group=zone)
    category = ensure_group_category(group=zone)
    assert category.name == "Strefa Wrocław"
    permissions.check_start_topic(fresh(member), category)
    assert not permissions.can_post_in(fresh(UserFactory()), category)


# --- ensure_group_category -----------------------------------------------------------------------


def test_ensure_group_category_is_idempotent_and_keeps_editors_changes(db):
    group = GroupFactory(slug="klub-ksiazki", name="Klub książki")
    category = ensure_group_category(group=group)
    assert (category.owner, category.name, category.slug) == (group, "Klub książki", "klub-ksiazki")
    Category.objects.filter(pk=category.pk).update(name="Klub Książki — rozmowy")
    again = ensure_group_category(group=group)
    assert again.pk == category.pk
    assert again.name == "Klub Książki — rozmowy"
    assert Category.objects.filter(owner=group).count() == 1


def test_ensure_group_category_finds_a_free_slug(db):
    CategoryFactory(slug="noc-bibliotek")
    CategoryFactory(slug="noc-bibliotek-2")
    category = ensure_group_category(group=GroupFactory(slug="noc-bibliotek"))
    assert category.slug == "noc-bibliotek-3"


def test_a_category_lists_after_the_existing_ones(db):
    CategoryFactory()
    last = Category.objects.order_by("-position").first()
    category = ensure_group_category(group=GroupFactory())
    assert category.position > last.position
    assert list(Category.objects.all())[-1] == category


# --- a secret group's forum never reaches outsiders -------------------------------------------


@pytest.fixture
def secret_topic(society):
    _groups, people, categories = society
    return create_topic(
        author=people["group_member"],
        category=categories["secret"],
        title=SECRET_TITLE,
        body="Tajny budżet Kwiatkowo: omówimy w czwartek.",
    )


def main(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.DOTALL).group()


OUTSIDERS = ["anonymous", "outsider", "network_member", "network_moderator"]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_a_secret_groups_pages_answer_outsiders_like_missing_ones(
    client, society, secret_topic, persona
):
    _groups, people, categories = society
    if people[persona] is not None:
        client.force_login(people[persona])
    missing = main(client.get("/en/forum/c/no-such-category/"))
    slug = categories["secret"].slug
    post = secret_topic.first_post_id
    for url in [
        f"/en/forum/c/{slug}/",
        f"/en/forum/c/{slug}/new/",
        f"/en/forum/t/{secret_topic.pk}/",
        f"/en/forum/t/{secret_topic.pk}/reply/",
        f"/en/forum/t/{secret_topic.pk}/unread/",
        f"/en/forum/p/{post}/",
        f"/en/forum/p/{post}/history/",
    ]:
        response = client.get(url)
        assert response.status_code in (404, 302), url
        if response.status_code == 404:
            assert main(response) == missing, url
        else:  # anonymous visitors are asked to log in first, which tells nothing
            assert "Kwiatkowo" not in response.content.decode()


@pytest.mark.parametrize("persona", ["group_member", "staff"])
def test_the_secret_groups_members_read_and_reply(client, society, secret_topic, persona):
    _groups, people, _categories = society
    client.force_login(people[persona])
    assert SECRET_TITLE in client.get(f"/en/forum/t/{secret_topic.pk}/").content.decode()
    response = client.post(f"/en/forum/t/{secret_topic.pk}/reply/", {"body": "Będę"})
    assert response.status_code == 302


def test_feeds_never_carry_a_groups_topics(client, society, secret_topic):
    _groups, people, categories = society
    public_topic = TopicFactory(category=categories["public"], title="Jawny w grupie")
    client.force_login(people["staff"])
    for url in [
        f"/pl/forum/c/{categories['secret'].slug}/feed/",
        f"/pl/forum/c/{categories['public'].slug}/feed/",
        f"/pl/forum/t/{secret_topic.pk}/feed/",
        f"/pl/forum/t/{public_topic.pk}/feed/",
    ]:
        assert client.get(url).status_code == 404, url
    html = client.get(f"/pl/forum/c/{categories['public'].slug}/").content.decode()
    assert "application/atom+xml" not in html


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_lists_counts_tags_and_search_keep_the_secret(client, society, secret_topic, persona):
    _groups, people, categories = society
    secret_topic.tags.create(name="kwiatkowo", slug="kwiatkowo")
    if people[persona] is not None:
        client.force_login(people[persona])
    for url in [
        "/en/forum/",
        f"/en/forum/c/{categories['public'].slug}/",
        "/en/forum/tags/kwiatkowo/",
        "/en/search/?q=kwiatkowo",
        "/en/search/?q=budzet",
        "/en/",
    ]:
        response = client.get(url)
        body = response.content.decode()
        assert "Kwiatkowo" not in body, url
        assert "Rada Zefir" not in body, url
    assert "0 results" in client.get("/en/search/?q=kwiatkowo").content.decode() or (
        "No results" in client.get("/en/search/?q=kwiatkowo").content.decode()
    )


def test_the_secret_groups_members_find_it_by_search(client, society, secret_topic):
    _groups, people, _categories = society
    client.force_login(people["group_member"])
    assert "1 result" in client.get("/en/search/?q=kwiatkowo").content.decode()


def test_the_mention_autocomplete_offers_only_the_groups_members(client, society, secret_topic):
    _groups, people, _categories = society
    ProfileFactory(user=UserFactory(username="czlowiek-z-zewnatrz"), handle="czlowiek-z-zewnatrz")
    ProfileFactory(user=people["group_member"], handle="czlonek")
    url = reverse("forum:mentions", kwargs={"pk": secret_topic.pk})
    client.force_login(people["outsider"])
    assert client.get(url, {"q": "cz"}).status_code == 404
    client.force_login(people["group_moderator"])
    handles = [member["handle"] for member in client.get(url, {"q": "cz"}).json()["members"]]
    assert handles == ["czlonek"]


def test_notifications_of_a_secret_topic_reach_only_its_members(society, secret_topic):
    _groups, people, categories = society
    outsider, network_moderator = people["outsider"], people["network_moderator"]
    for watcher in (outsider, network_moderator, people["group_moderator"]):
        Subscription.objects.create(user=watcher, category=categories["secret"])
        Subscription.objects.create(user=watcher, topic=secret_topic)
    create_reply(
        author=people["group_member"],
        topic=Topic.objects.get(pk=secret_topic.pk),
        body=f"@{outsider.username} @{network_moderator.username} zobaczcie Kwiatkowo",
    )
    assert not outsider.notifications.exists()
    assert not network_moderator.notifications.exists()
    assert people["group_moderator"].notifications.exists()


def test_a_member_who_leaves_the_group_hears_nothing_more(society, secret_topic):
    from network.models import Membership

    groups, people, _categories = society
    leaver = people["group_moderator"]
    Subscription.objects.create(user=leaver, topic=secret_topic)
    Membership.objects.filter(user=leaver, group=groups["secret"]).delete()
    create_reply(author=people["group_member"], topic=secret_topic, body="Dalej bez Ciebie")
    assert not leaver.notifications.exists()


@pytest.mark.django_db(transaction=True)
async def test_an_outsider_cannot_watch_a_secret_topic_over_the_socket(settings):
    from tests.forum.test_live import connected

    settings.FORUM_NEW_ACCOUNT_DAYS = 0

    @database_sync_to_async
    def make():
        group = GroupFactory(visibility=Visibility.SECRET)
        member, outsider = UserFactory(), UserFactory()
        MembershipFactory(user=member, group=group)
        topic = TopicFactory(category=ensure_group_category(group=group), title=SECRET_TITLE)
        return member, outsider, topic

    member, outsider, topic = await make()
    communicator = await connected(outsider)
    await communicator.send_json_to({"type": "watch", "topic": topic.pk})
    answer = await communicator.receive_json_from()
    assert answer["type"] == "error"
    assert "Kwiatkowo" not in str(answer)
    await communicator.send_json_to({"type": "watch", "category": topic.category_id})
    assert (await communicator.receive_json_from())["type"] == "error"
    await database_sync_to_async(create_reply)(author=member, topic=topic, body="Kwiatkowo")
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


# --- the forum on other pages ------------------------------------------------------------------


def test_the_home_page_shows_the_latest_topics_the_visitor_may_see(client, home, society):
    _groups, people, categories = society
    TopicFactory(title="Jawny temat na stronie głównej")
    TopicFactory(category=categories["public"], title="Temat grupy publicznej")
    TopicFactory(category=categories["secret"], title=SECRET_TITLE)
    html = client.get("/en/").content.decode()
    assert "Jawny temat na stronie głównej" in html
    assert "Temat grupy publicznej" not in html
    client.force_login(people["outsider"])
    html = client.get("/en/").content.decode()
    assert "Temat grupy publicznej" in html
    assert "Kwiatkowo" not in html
    client.force_login(people["group_member"])
    assert "Kwiatkowo" in client.get("/en/").content.decode()


def test_a_group_page_shows_its_own_latest_topics_to_those_who_may_see_them(client, society):
    groups, people, categories = society
    group = groups["members_only"]
    TopicFactory(category=categories["members_only"], title="Tylko dla sieci")
    TopicFactory(title="Temat całej witryny")
    url = f"/en/networks/{groups['network'].slug}/groups/{group.slug}/"
    client.force_login(people["outsider"])
    html = client.get(url).content.decode()
    assert "Tylko dla sieci" not in html
    assert "Latest in this forum" not in html
    client.force_login(people["network_member"])
    html = client.get(url).content.decode()
    assert "Tylko dla sieci" in html
    assert "Temat całej witryny" not in html


def test_a_network_page_shows_the_networks_own_latest_topics(client, home, society):
    from network.models import NetworkIndexPage, NetworkPage

    groups, people, categories = society
    index = home.add_child(instance=NetworkIndexPage(title="Sieci", slug="networks"))
    network = groups["network"]
    index.add_child(instance=NetworkPage(title=network.name, slug=network.slug, network=network))
    TopicFactory(category=categories["network"], title="Zjazd sieci")
    TopicFactory(category=categories["secret"], title=SECRET_TITLE)
    client.force_login(people["network_member"])
    html = client.get(f"/en/networks/{network.slug}/").content.decode()
    assert "Zjazd sieci" in html
    assert "Kwiatkowo" not in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_groups_page_lists_the_same_topics_the_forum_shows_of_that_group(society, persona):
    """The group's own rights (its page) and the rights in every group (the forum) agree on
    held, hidden and deleted topics, for moderators, members and outsiders."""
    from network.models import Group

    groups, people, categories = society
    author = people["group_member"]
    for category in categories.values():
        TopicFactory(category=category)
        TopicFactory(category=category, is_held=True, author=author)
        TopicFactory(category=category, is_held=True)
        TopicFactory(category=category, is_hidden=True)
        TopicFactory(category=category, is_deleted=True)
    person = people[persona]
    for name, group in groups.items():
        owner = Group.objects.select_related("parent").get(pk=group.pk)
        everywhere = permissions.filter_topics(
            viewer_for(person) if person else anonymous(),
            Topic.objects.filter(category__owner=group),
        )
        own = permissions.filter_owner_topics(
            viewer_for(person) if person else anonymous(), owner, Topic.objects.all()
        )
        assert set(own) == set(everywhere), name
        assert bool(set(own)) == (persona in SEES[name]), name


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_with_group_categories_use_a_constant_number_of_queries(client, home, society):
    groups, people, categories = society
    member = people["group_member"]
    client.force_login(member)
    topic = TopicFactory(category=categories["secret"], author=member)
    for number in range(49):
        PostFactory(topic=topic, body=f"Biblioteka odpowiedź {number}")
    group_url = f"/pl/networks/{groups['network'].slug}/groups/{groups['public'].slug}/"
    urls = [
        "/pl/forum/",
        f"/pl/forum/c/{categories['secret'].slug}/",
        f"/pl/forum/t/{topic.pk}/?page=2",
        "/pl/search/?q=biblioteka",
        "/pl/",
        group_url,
    ]
    for url in urls:
        count_queries(client, url)  # first visits write visit and read records
    few = {url: count_queries(client, url) for url in urls}
    for _ in range(4):
        group = GroupFactory(parent=groups["network"])
        MembershipFactory(user=member, group=group)
        category = ensure_group_category(group=group)
        for _topic in range(3):
            PostFactory(topic=TopicFactory(category=category), body="Biblioteka")
        TopicFactory(category=categories["public"])
    many = {url: count_queries(client, url) for url in urls}
    assert many == few
    forum_pages = urls[:4]
    assert all(few[url] <= 12 for url in forum_pages), few


# --- the demo --------------------------------------------------------------------------------


def test_the_demo_gives_networks_groups_and_zones_their_forums_once(db, settings, tmp_path):
    from forum.demo import GROUP_TOPICS, seed_forum, seed_forum_scale
    from forum.services.counters import synchronise

    settings.VAR_DIR = tmp_path
    labib = NetworkFactory(slug="labib", name="LABIB")
    GroupFactory(slug="labib-klimat", parent=labib, name="LABIB — grupa klimatyczna")
    zones = NetworkFactory(slug="strefy-innowacji")
    zone = GroupFactory(kind=GroupKind.ZONE, parent=zones, name="Strefa Gdańsk")
    seed_forum()
    counts = (Category.objects.count(), Topic.objects.count())
    seed_forum()
    assert (Category.objects.count(), Topic.objects.count()) == counts
    owned = Category.objects.filter(owner__isnull=False)
    assert set(owned.values_list("owner__slug", flat=True)) == {"labib", "labib-klimat", zone.slug}
    assert Topic.objects.filter(category__owner=zone, title__contains="Strefa Gdańsk").exists()
    labib_titles = set(Topic.objects.filter(category__owner=labib).values_list("title", flat=True))
    assert labib_titles == {spec[0] for spec in GROUP_TOPICS["labib"]}

    assert seed_forum_scale(scale=2) == 50
    assert seed_forum_scale(scale=2) == 0
    assert Topic.objects.filter(tags__slug="archiwum").count() == 50
    topic = Topic.objects.filter(tags__slug="archiwum").first()
    assert topic.posts.count() == 20
    assert topic.first_post.search_document
    # The counters are exactly what forum_sync would rebuild.
    snapshot = _counters()
    synchronise()
    assert _counters() == snapshot


def _counters():
    return (
        list(Category.objects.order_by("pk").values_list("topic_count", "post_count", "last_post")),
        list(
            Topic.objects.order_by("pk").values_list(
                "reply_count", "first_post", "last_post", "last_post_at", "last_poster_name"
            )
        ),
    )
