"""Members' topic, category and directory pages shared by members who would see the same bytes
(network/core/member_pages.py): each still sees their own name, forms that work, their own read
markers and rights, and every change at once."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.models import FlagReason, Reaction
from forum.selectors import PER_PAGE
from forum.services import activity, posting
from network.core import page_cache
from network.models import Role, Visibility
from tests.forum.factories import CategoryFactory, PostFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.network.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def member_pages(settings):
    # tests/settings.py turns them off for every other test (their rolled-back rows send no
    # signal, so a kept page would outlive the test that rendered it).
    settings.MEMBER_PAGE_CACHE_SECONDS = 60
    caches["member-pages"].clear()
    page_cache.new_generation()  # and the categories kept for access checks


@pytest.fixture
def network(db):
    return NetworkFactory()


def reader(network, name: str, role=Role.MEMBER):
    user = UserFactory(first_name=name, last_name="Czytelniczka")
    MembershipFactory(user=user, group=network, role=role)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def topic(db):
    topic = TopicFactory(category=CategoryFactory(), title="Noc Bibliotek")
    for number in range(3):
        PostFactory(topic=topic, body=f"Wpis numer {number}")
    return topic


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_second_member_gets_the_topic_page_kept_with_their_own_name_and_working_forms(
    network, topic, settings
):
    _anna, anna_client = reader(network, "Anna")
    ewa, ewa_client = reader(network, "Ewa")
    path = f"/pl/forum/t/{topic.pk}/"
    settings.MEMBER_PAGE_CACHE_SECONDS = 0
    ewa_client.get(path)  # the first reading marks the posts read
    _, rendered = get(ewa_client, path)
    settings.MEMBER_PAGE_CACHE_SECONDS = 60
    first, _ = get(anna_client, path)
    second, kept = get(ewa_client, path)
    assert kept < rendered
    assert "Ewa Czytelniczka" in second
    assert "Anna Czytelniczka" not in second
    assert second.count("Wpis numer") == first.count("Wpis numer") == 3

    # Her forms carry her own CSRF token, not Anna's: a reply from the kept page goes through.
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(ewa)
    html, _ = get(checked, path)
    response = checked.post(
        f"/pl/forum/t/{topic.pk}/reply/",
        {"body": "Dziękuję za zaproszenie!", "csrfmiddlewaretoken": csrf_token(html)},
    )
    assert response.status_code == 302


def test_a_reply_shows_at_once_on_the_kept_page(network, topic, django_capture_on_commit_callbacks):
    anna, anna_client = reader(network, "Anna")
    _ewa, ewa_client = reader(network, "Ewa")
    path = f"/pl/forum/t/{topic.pk}/"
    for client in (anna_client, ewa_client, ewa_client):
        client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        posting.create_reply(author=anna, topic=topic, body="Zapraszamy w piątek!")
    html, _ = get(ewa_client, path)
    assert "Zapraszamy w piątek!" in html


def test_own_posts_and_reactions_are_never_shown_to_another_member(network, topic):
    anna, anna_client = reader(network, "Anna")
    _ewa, ewa_client = reader(network, "Ewa")
    own = PostFactory(topic=topic, author=anna, body="Mój wpis")
    Reaction.objects.create(post=topic.first_post, user=anna, kind="like")
    path = f"/pl/forum/t/{topic.pk}/"
    for _ in range(2):
        anna_html, _ = get(anna_client, path)
        ewa_html, _ = get(ewa_client, path)
    edit = f'href="/pl/forum/p/{own.pk}/edit/"'
    assert edit in anna_html
    assert edit not in ewa_html
    assert 'aria-pressed="true" class="reaction"' in anna_html
    assert 'aria-pressed="true" class="reaction"' not in ewa_html


def test_a_moderator_and_a_member_get_their_own_pages(network, topic):
    topic.category.owner = network
    topic.category.save()
    _mod, mod_client = reader(network, "Moderatorka", role=Role.MODERATOR)
    _ewa, ewa_client = reader(network, "Ewa")
    path = f"/pl/forum/t/{topic.pk}/"
    for _ in range(2):
        mod_html, _ = get(mod_client, path)
        ewa_html, _ = get(ewa_client, path)
    assert "moderation-tools" in mod_html
    assert "moderation-tools" not in ewa_html


def test_a_kept_category_page_marks_what_is_new_to_each_member(network, topic):
    anna, anna_client = reader(network, "Anna")
    ewa, ewa_client = reader(network, "Ewa")
    for user in (anna, ewa):
        user.date_joined = topic.created.replace(year=2000)
        user.save()
    activity.mark_read(user=anna, topic=topic, up_to_post_id=topic.posts.last().pk)
    path = f"/pl/forum/c/{topic.category.slug}/"
    anna_client.get(path)
    anna_html, _ = get(anna_client, path)
    ewa_html, _ = get(ewa_client, path)
    new_badge = f'class="badge badge-new" href="/pl/forum/t/{topic.pk}/"'
    assert new_badge not in anna_html
    assert new_badge in ewa_html
    assert "<!--topic-state" not in anna_html + ewa_html


def test_a_message_waiting_for_the_member_is_shown_not_a_kept_page(network, topic):
    _anna, anna_client = reader(network, "Anna")
    path = f"/pl/forum/t/{topic.pk}/"
    anna_client.get(path)
    anna_client.get(path)
    response = anna_client.post(
        f"/pl/forum/p/{topic.first_post_id}/flag/", {"reason": FlagReason.values[0]}
    )
    assert response.status_code == 302
    html = anna_client.get(path).content.decode()
    assert "Dziękujemy. Moderatorzy przyjrzą się temu wpisowi." in html


def test_the_kept_topic_page_costs_a_constant_number_of_queries(network, topic):
    _anna, anna_client = reader(network, "Anna")
    path = f"/pl/forum/t/{topic.pk}/"
    anna_client.get(path)
    _, before = get(anna_client, path)
    for number in range(10):
        PostFactory(topic=topic, body=f"Więcej {number}")
    caches["member-pages"].clear()  # rows made by factories send their signals after the test
    anna_client.get(path)  # she reads the new posts: her read position moves to the end
    anna_client.get(path)
    _, after = get(anna_client, path)
    # The account, memberships, the topic, the page's state, the upload allowance and the unread
    # notifications (the session comes from the cache).
    assert before == after == 6


def test_the_directory_is_shared_between_members_of_the_same_networks(network, settings):
    _anna, anna_client = reader(network, "Anna")
    _ewa, ewa_client = reader(network, "Ewa")
    settings.MEMBER_PAGE_CACHE_SECONDS = 0
    _, rendered = get(ewa_client, "/pl/members/")
    settings.MEMBER_PAGE_CACHE_SECONDS = 60
    anna_client.get("/pl/members/")
    html, kept = get(ewa_client, "/pl/members/")
    assert kept < rendered
    assert "Ewa Czytelniczka" in html  # in her account menu, and her card


def test_a_group_closing_its_forum_closes_kept_topic_and_category_pages_at_once(
    network, django_capture_on_commit_callbacks
):
    """The categories kept for access checks (forum/kept_categories.py) never outlive a change
    to their group: the next page is refused."""
    group = NetworkFactory(visibility=Visibility.PUBLIC)
    category = CategoryFactory(owner=group)
    topic = TopicFactory(category=category, title="Plan zebrania")
    _ewa, client = reader(network, "Ewa")
    for path in (f"/pl/forum/t/{topic.pk}/", f"/pl/forum/c/{category.slug}/"):
        assert "Plan zebrania" in get(client, path)[0]
    with django_capture_on_commit_callbacks(execute=True):
        group.visibility = Visibility.SECRET
        group.save()
    for path in (f"/pl/forum/t/{topic.pk}/", f"/pl/forum/c/{category.slug}/"):
        assert client.get(path).status_code == 404


def test_a_kept_category_counts_a_new_topic_at_once(
    network, settings, django_capture_on_commit_callbacks
):
    """The page count comes from the category's counter, kept with the category."""
    settings.FORUM_POSTS_PER_MINUTE = 0
    category = CategoryFactory()
    author, client = reader(network, "Ewa")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(PER_PAGE):
            posting.create_topic(
                author=author, category=category, title=f"Temat {number}", body="Hej"
            )
    path = f"/pl/forum/c/{category.slug}/"
    assert "?page=2" not in get(client, path)[0]
    with django_capture_on_commit_callbacks(execute=True):
        posting.create_topic(author=author, category=category, title="Nowy temat", body="Hej")
    _anna, other = reader(network, "Anna")
    assert "?page=2" in get(other, path)[0]


def test_watching_a_category_shows_on_its_kept_page_for_that_member_alone(network, topic):
    _anna, anna_client = reader(network, "Anna")
    _ewa, ewa_client = reader(network, "Ewa")
    path = f"/pl/forum/c/{topic.category.slug}/"
    for client in (anna_client, ewa_client):
        assert "Obserwuj tę kategorię" in get(client, path)[0]
    anna_client.post(f"/pl/forum/c/{topic.category.slug}/watch/", {"watch": "1"})
    anna_client.get(path)  # the page that shows the confirmation, if any
    assert "Przestań obserwować tę kategorię" in get(anna_client, path)[0]
    ewa_html, _ = get(ewa_client, path)
    assert "Obserwuj tę kategorię" in ewa_html
    assert "Przestań obserwować tę kategorię" not in ewa_html


def test_a_held_topic_is_listed_for_its_author_alone_on_kept_category_pages(network, topic):
    anna, anna_client = reader(network, "Anna")
    _ewa, ewa_client = reader(network, "Ewa")
    path = f"/pl/forum/c/{topic.category.slug}/"
    get(ewa_client, path)  # kept before the held topic exists
    TopicFactory(category=topic.category, author=anna, title="Mój szkic", is_held=True)
    assert "Mój szkic" in get(anna_client, path)[0]
    assert "Mój szkic" not in get(ewa_client, path)[0]
