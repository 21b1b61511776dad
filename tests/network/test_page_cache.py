"""Visitors who are not signed in share pages through the cache (network/core/page_cache.py)."""

import time

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import ReadState, Topic
from forum.services import moderation, posting
from tests.forum.factories import CategoryFactory, TopicFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    # tests/settings.py turns it off for every other test (their rolled-back rows send no signal).
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    # This process's pages only; another test's rows are gone, its pages must go too.
    caches["pages"].clear()


@pytest.fixture
def topic(db):
    return TopicFactory(category=CategoryFactory(), title="Noc Bibliotek")


def queries_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def test_a_visitor_gets_the_page_again_without_asking_the_database(client, topic):
    path = f"/pl/forum/t/{topic.pk}/"
    first, counted = queries_of(client, path)
    again, counted_again = queries_of(client, path)
    assert counted > 0
    assert counted_again == 0
    assert again.content == first.content
    assert not first.cookies


def test_a_new_reply_shows_to_visitors_at_once(client, topic, django_capture_on_commit_callbacks):
    path = f"/pl/forum/t/{topic.pk}/"
    client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        posting.create_reply(author=UserFactory(), topic=topic, body="Zapraszamy w piątek!")
    assert "Zapraszamy w piątek!" in client.get(path).content.decode()


def test_a_change_made_through_another_process_reaches_visitors_within_a_second(
    client, topic, settings
):
    settings.ANONYMOUS_PAGE_GENERATION_SECONDS = 1
    path = f"/pl/forum/t/{topic.pk}/"
    client.get(path)
    assert queries_of(client, path)[1] == 0  # served from the cache
    # Another process renames the topic: the shared generation moves on, this process's copy
    # of it does not (update() sends no signal here).
    Topic.objects.filter(pk=topic.pk).update(title="Noc Muzeów")
    cache.set(f"anonymous-pages:generation:{connection.settings_dict['NAME']}", time.time_ns())
    assert "Noc Bibliotek" in client.get(path).content.decode()
    time.sleep(1)
    assert "Noc Muzeów" in client.get(path).content.decode()


def test_a_hidden_topic_disappears_for_visitors_at_once(
    client, topic, django_capture_on_commit_callbacks
):
    path = f"/pl/forum/c/{topic.category.slug}/"
    assert "Noc Bibliotek" in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate_topic(
            actor=UserFactory(is_staff=True), topic=topic, action="hide", reason="spam"
        )
    assert "Noc Bibliotek" not in client.get(path).content.decode()


def test_a_members_reading_does_not_throw_the_pages_away(
    client, topic, django_capture_on_commit_callbacks
):
    path = f"/pl/forum/t/{topic.pk}/"
    client.get(path)
    reader = Client()
    reader.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        reader.get(path)
    assert ReadState.objects.filter(topic=topic).exists()
    assert queries_of(client, path)[1] == 0


def test_members_never_get_or_leave_a_shared_page(client, topic):
    path = f"/pl/forum/t/{topic.pk}/"
    client.get(path)
    member = Client()
    member.force_login(UserFactory(first_name="Ala", last_name="Nowak"))
    page = member.get(path)
    assert "Ala Nowak" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert "Ala Nowak" not in client.get(path).content.decode()


def test_a_message_for_the_visitor_is_not_lost_to_a_shared_page(client, topic):
    client.get("/pl/forum/")
    member = UserFactory()
    client.force_login(member)
    client.post(reverse("account_logout"))
    # Signed out, the visitor carries the message in a cookie to the next page they open.
    assert not client.session.session_key
    page = client.get("/pl/forum/").content.decode()
    assert "Wylogowano" in page


def test_the_language_switcher_needs_no_token_and_sets_no_cookie_on_pages(topic):
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(f"/pl/forum/t/{topic.pk}/")
    assert not page.cookies
    response = visitor.post(
        reverse("set_language") + f"?next=/en/forum/t/{topic.pk}/", {"language": "en"}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
