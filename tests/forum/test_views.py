import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import Flag, Post, Reaction, ReadState, Topic
from forum.services.counters import synchronise
from forum.services.posting import create_reply
from network.models import Visibility
from tests.forum.factories import CategoryFactory, PostFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.factories import GroupFactory

pytestmark = pytest.mark.django_db


def main(response) -> str:
    """The page's own content (the layout around it links to the page's own address)."""
    return re.search(r"<main.*</main>", response.content.decode(), re.DOTALL).group()


@pytest.fixture
def long_topic(topic):
    for number in range(49):
        PostFactory(topic=topic, body=f"Odpowiedź numer {number}")
    return topic


def test_the_forum_index_lists_visible_categories_only(client, category):
    hidden = CategoryFactory(is_hidden=True, name="Tajne")
    html = client.get("/en/forum/").content.decode()
    assert category.name in html
    assert hidden.name not in html


@pytest.mark.parametrize("page", ["0", "-3", "99999", "abc", "1e9", "9" * 40])
def test_any_page_number_gives_a_sane_page(client, long_topic, page):
    response = client.get(f"/pl/forum/t/{long_topic.pk}/?page={page}")
    assert response.status_code == 200
    category = client.get(f"/pl/forum/c/{long_topic.category.slug}/?page={page}")
    assert category.status_code == 200


def test_the_topic_page_is_paginated_by_twenty(client, long_topic):
    first = client.get(f"/en/forum/t/{long_topic.pk}/").content.decode()
    assert first.count('<article class="post') == 20
    last = client.get(f"/en/forum/t/{long_topic.pk}/?page=3").content.decode()
    assert last.count('<article class="post') == 10
    assert "Page 3 of 3" in last


def test_a_post_address_leads_to_its_page(client, long_topic):
    post = Post.objects.filter(topic=long_topic).order_by("id")[25]
    response = client.get(f"/pl/forum/p/{post.pk}/")
    assert response.url == f"/pl/forum/t/{long_topic.pk}/?page=2#post-{post.pk}"


def test_reading_a_topic_remembers_where_the_member_stopped(client, long_topic, other):
    client.force_login(other)
    client.get(f"/pl/forum/t/{long_topic.pk}/")
    state = ReadState.objects.get(user=other, topic=long_topic)
    twentieth = Post.objects.filter(topic=long_topic).order_by("id")[19]
    assert state.last_read_post_id == twentieth.pk
    response = client.get(f"/pl/forum/t/{long_topic.pk}/unread/")
    next_post = Post.objects.filter(topic=long_topic).order_by("id")[20]
    assert response.url == f"/pl/forum/p/{next_post.pk}/"


def test_unread_counts_show_in_the_category_and_topic_lists(client, other, topic, member):
    client.force_login(other)
    html = client.get("/en/forum/").content.decode()
    assert "1 unread topic" in html
    client.get(f"/en/forum/t/{topic.pk}/")
    assert "unread topic" not in client.get("/en/forum/").content.decode()
    create_reply(author=member, topic=topic, body="Coś nowego")
    create_reply(author=member, topic=topic, body="I jeszcze")
    listing = client.get(f"/en/forum/c/{topic.category.slug}/").content.decode()
    assert "2 unread" in listing
    client.post(f"/en/forum/c/{topic.category.slug}/read/")
    listing = client.get(f"/en/forum/c/{topic.category.slug}/").content.decode()
    assert not re.search(r"\d+ unread", listing)


def test_hidden_and_invisible_things_answer_404_like_missing_ones(client, member):
    hidden_category = CategoryFactory(is_hidden=True)
    hidden_topic = TopicFactory(is_hidden=True)
    group_topic = TopicFactory(
        category=CategoryFactory(owner=GroupFactory(visibility=Visibility.SECRET))
    )
    client.force_login(member)
    missing = client.get("/en/forum/c/no-such-category/")
    assert missing.status_code == 404
    missing_body = main(missing)
    for url in [
        f"/en/forum/c/{hidden_category.slug}/",
        f"/en/forum/c/{hidden_category.slug}/feed/",
        f"/en/forum/t/{hidden_topic.pk}/",
        f"/en/forum/p/{hidden_topic.first_post.pk}/",
        f"/en/forum/t/{group_topic.pk}/",
        f"/en/forum/t/{group_topic.pk}/feed/",
        f"/en/forum/t/{group_topic.pk}/mentions/?q=ab",
        f"/en/forum/p/{group_topic.first_post.pk}/history/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert main(response) == missing_body, url


@pytest.mark.parametrize(
    "url",
    ["/en/forum/t/{big}/", "/en/forum/p/{big}/", "/en/forum/t/{big}/feed/",
     "/en/forum/p/{big}/history/", "/en/forum/t/0/"],
)  # fmt: skip
def test_absurd_ids_are_simply_not_found(client, url):
    assert client.get(url.format(big=10**30)).status_code == 404


def test_replying_to_a_locked_topic_is_403_with_the_reason(client, category, member, other):
    topic = TopicFactory(category=category, author=member, is_locked=True)
    client.force_login(other)
    response = client.post(f"/en/forum/t/{topic.pk}/reply/", {"body": "Hej"})
    assert response.status_code == 403
    assert "This topic is locked" in response.content.decode()
    assert topic.posts.count() == 1


def test_an_empty_reply_shows_the_error_in_the_members_language(client, topic, other):
    client.force_login(other)
    response = client.post(f"/pl/forum/t/{topic.pk}/reply/", {"body": "  "})
    assert response.status_code == 400
    assert topic.posts.count() == 1


def test_posting_too_fast_answers_429_with_the_reason(client, settings, topic, other):
    settings.FORUM_POSTS_PER_MINUTE = 1
    client.force_login(other)
    assert client.post(f"/en/forum/t/{topic.pk}/reply/", {"body": "1"}).status_code == 302
    response = client.post(f"/en/forum/t/{topic.pk}/reply/", {"body": "2"})
    assert response.status_code == 429
    assert "posting too fast" in response.content.decode()


def test_a_member_starts_a_topic_and_anonymous_visitors_are_sent_to_log_in(
    client, category, member
):
    url = f"/en/forum/c/{category.slug}/new/"
    assert client.get(url).url.startswith("/en/accounts/login/")
    client.force_login(member)
    response = client.post(
        url, {"title": "Warsztaty", "body": "Kto *prowadzi*?", "is_question": "on", "tags": "a"}
    )
    topic = Topic.objects.get(title="Warsztaty")
    assert response.url == f"/en/forum/t/{topic.pk}/"
    assert topic.is_question


def test_quoting_a_post_fills_the_reply_form(client, topic, other):
    client.force_login(other)
    html = client.get(f"/en/forum/t/{topic.pk}/reply/?quote={topic.first_post.pk}").content
    assert "&gt; Treść tematu." in html.decode()
    elsewhere = TopicFactory()
    response = client.get(f"/en/forum/t/{topic.pk}/reply/?quote={elsewhere.first_post.pk}")
    assert response.status_code == 404


def test_edit_and_history_are_shown_to_everyone_who_sees_the_post(client, topic, member):
    client.force_login(member)
    client.post(f"/en/forum/p/{topic.first_post.pk}/edit/", {"title": "Nowy", "body": "Po"})
    client.logout()
    html = client.get(f"/en/forum/p/{topic.first_post.pk}/history/").content.decode()
    assert "Treść tematu." in html
    assert "<p>Po</p>" in html


def test_reactions_toggle_one_per_kind(client, topic, other):
    client.force_login(other)
    url = f"/en/forum/p/{topic.first_post.pk}/react/"
    client.post(url, {"kind": "like"})
    client.post(url, {"kind": "thanks"})
    assert Reaction.objects.filter(user=other).count() == 2
    client.post(url, {"kind": "like"})
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["thanks"]
    assert client.post(url, {"kind": "<b>"}).status_code == 400


def test_a_flag_reaches_the_moderation_queue_and_a_moderator_hides_the_post(
    client, topic, other, staff
):
    client.force_login(other)
    url = f"/en/forum/p/{topic.first_post.pk}/flag/"
    assert client.post(url, {"reason": "other"}).status_code == 400
    client.post(url, {"reason": "spam", "detail": "Reklama"})
    flag = Flag.objects.get()
    assert client.get("/en/forum/moderation/").status_code == 403
    client.force_login(staff)
    assert "Reklama" in client.get("/en/forum/moderation/").content.decode()
    client.post(f"/en/forum/moderation/flags/{flag.pk}/resolve/", {"hide": "1"})
    flag.refresh_from_db()
    topic.first_post.refresh_from_db()
    assert flag.is_resolved
    assert flag.resolved_by == staff
    assert topic.first_post.is_hidden
    client.force_login(other)
    assert client.get(f"/en/forum/t/{topic.pk}/").status_code == 404


def test_a_moderator_pins_locks_and_moves_a_topic(client, topic, staff):
    target = CategoryFactory()
    client.force_login(staff)
    url = f"/en/forum/t/{topic.pk}/moderate/"
    client.post(url, {"action": "pin"})
    client.post(url, {"action": "lock"})
    client.post(url, {"action": "move", "category": target.pk})
    topic.refresh_from_db()
    assert topic.is_pinned
    assert topic.is_locked
    assert topic.locked_by == staff
    assert topic.category == target
    assert client.post(url, {"action": "explode"}).status_code == 400


def test_moving_into_a_category_the_mover_cannot_pick_is_refused(client, topic, staff):
    client.force_login(staff)
    response = client.post(
        f"/en/forum/t/{topic.pk}/moderate/", {"action": "move", "category": 987654}
    )
    assert response.status_code == 400
    topic.refresh_from_db()
    assert topic.category_id != 987654


def test_members_may_not_moderate(client, topic, other):
    client.force_login(other)
    response = client.post(f"/en/forum/t/{topic.pk}/moderate/", {"action": "pin"})
    assert response.status_code == 403
    assert response.content.decode().count("Only moderators") == 1


def test_watching_a_category_and_a_topic(client, topic, other):
    client.force_login(other)
    client.post(f"/en/forum/c/{topic.category.slug}/watch/", {"watch": "1"})
    client.post(f"/en/forum/t/{topic.pk}/watch/", {"watch": "1"})
    assert other.notifications.count() == 0
    create_reply(author=topic.author, topic=topic, body="Nowość")
    assert other.notifications.count() == 1
    client.post(f"/en/forum/t/{topic.pk}/watch/", {"watch": "0"})
    client.post(f"/en/forum/c/{topic.category.slug}/watch/", {"watch": "0"})
    create_reply(author=topic.author, topic=topic, body="Kolejna")
    assert other.notifications.count() == 1


def test_the_mention_autocomplete_lists_members_who_may_see_the_topic(client, topic, other):
    # Found by their profile's handle (what the autocomplete offers) or name, never user name.
    ProfileFactory(user=UserFactory(username="qxkasia", first_name="Qxkasia"), handle="qxkasia")
    ProfileFactory(user=UserFactory(username="qxkamil", is_active=False), handle="qxkamil")
    url = reverse("forum:mentions", kwargs={"pk": topic.pk})
    assert client.get(url, {"q": "qx"}).status_code == 403
    client.force_login(other)
    assert client.get(url, {"q": "q"}).json() == {"members": []}
    [found] = client.get(url, {"q": "@qx"}).json()["members"]
    assert (found["handle"], found["name"]) == ("qxkasia", "Qxkasia " + _last_name("qxkasia"))


def _last_name(username):
    from members.models import User

    return User.objects.get(username=username).last_name


def test_the_mention_autocomplete_is_rate_limited(client, topic, other):
    client.force_login(other)
    url = reverse("forum:mentions", kwargs={"pk": topic.pk})
    statuses = {client.get(url, {"q": "ab"}).status_code for _ in range(31)}
    assert statuses == {200, 429}


def test_a_tag_page_lists_only_visible_topics(client, category):
    visible = TopicFactory(category=category, title="Widoczny")
    hidden = TopicFactory(category=CategoryFactory(is_hidden=True), title="Ukryty")
    from forum.models import Tag

    tag = Tag.objects.create(name="klimat", slug="klimat")
    visible.tags.add(tag)
    hidden.tags.add(tag)
    html = client.get("/en/forum/tags/klimat/").content.decode()
    assert "Widoczny" in html
    assert "Ukryty" not in html


# Query counts: constant whatever the page lists (DESIGN.md: at most 12).


def test_topic_page_with_fifty_posts_uses_a_constant_number_of_queries(
    client, long_topic, other, django_assert_num_queries
):
    for post in Post.objects.filter(topic=long_topic)[:10]:
        Reaction.objects.create(post=post, user=other, kind="like")
    client.force_login(other)
    client.get(f"/pl/forum/t/{long_topic.pk}/")
    # The same twelve on every page: the viewer, the topic, its category with its groups (kept
    # in each process where members' pages are: one fewer there), the topic's facts (tags, read
    # position, own posts and reactions in one query), the posts they may see counted (they
    # reacted here, so not from the topic's counters), the posts with their files and
    # reactions, the header's counters.
    with django_assert_num_queries(12):
        assert client.get(f"/pl/forum/t/{long_topic.pk}/?page=2").status_code == 200
    with django_assert_num_queries(12):
        assert client.get(f"/pl/forum/t/{long_topic.pk}/").status_code == 200


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_category_list_uses_a_constant_number_of_queries(client, other):
    client.force_login(other)
    TopicFactory()
    count_queries(client, "/pl/forum/")  # the first visit creates the member's visit record
    few = count_queries(client, "/pl/forum/")
    for _ in range(5):
        TopicFactory(category=CategoryFactory())
    assert count_queries(client, "/pl/forum/") == few <= 12


def test_category_page_uses_a_constant_number_of_queries(client, other, category):
    client.force_login(other)
    url = f"/pl/forum/c/{category.slug}/"
    TopicFactory(category=category)
    count_queries(client, url)
    few = count_queries(client, url)
    for _ in range(5):
        busy = TopicFactory(category=category)
        busy.tags.create(name=f"t{_}", slug=f"t{_}")
        PostFactory.create_batch(3, topic=busy)  # their repliers' avatars, in one query
    assert count_queries(client, url) == few <= 12


def test_the_topic_list_pages_count_what_each_viewer_sees(client, category, member, other, staff):
    TopicFactory.create_batch(20, category=category)
    TopicFactory(category=category, author=member, title="Mój szkic", is_held=True)
    TopicFactory(category=category, title="Ukryty", is_hidden=True)
    synchronise(categories=[category])  # the counters, as the services keep them
    url = f"/pl/forum/c/{category.slug}/"

    def pages(viewer):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        return client.get(url).context["page"].paginator.num_pages

    # 20 listed topics fill one page; the author also sees their held topic, staff all 22.
    assert pages(None) == pages(other) == 1
    assert pages(member) == 2
    assert pages(staff) == 2
    client.force_login(member)
    assert len(client.get(url, {"page": 2}).context["topics"]) == 1


def test_a_topic_the_counters_missed_still_shows_in_its_category(client, category):
    # Written straight to the table (as an import would), so Category.topic_count lags behind.
    TopicFactory(category=category, title="Zaimportowany temat")
    html = client.get(f"/pl/forum/c/{category.slug}/").content.decode()
    assert "Zaimportowany temat" in html
