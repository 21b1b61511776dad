"""A member's forum visits: topics that moved after their previous visit are marked, and page
views within a visit keep it open without writing on every page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import Visit
from forum.services import posting
from tests.forum.factories import TopicFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

MARK = "Active since your last visit"


def test_topics_that_moved_since_the_last_visit_are_marked(category):
    member = UserFactory()
    client = Client()
    client.force_login(member)
    path = f"/en/forum/c/{category.slug}/"
    topic = TopicFactory(category=category, author=UserFactory(is_trusted=True))
    assert MARK not in client.get(path).content.decode()
    # An hour later, after a reply, a new visit starts: the topic moved since the last one.
    Visit.objects.filter(user=member).update(last_seen=timezone.now() - timedelta(hours=1))
    posting.create_reply(author=topic.author, topic=topic, body="Nowa odpowiedź.")
    assert MARK in client.get(path).content.decode()
    # Later pages of the same visit still mark it.
    assert MARK in client.get(path).content.decode()


def test_pages_within_a_minute_do_not_write_the_visit_again(category):
    member = UserFactory()
    client = Client()
    client.force_login(member)
    path = f"/en/forum/c/{category.slug}/"
    client.get(path)
    seen = Visit.objects.get(user=member).last_seen
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    assert not [q for q in queries if q["sql"].startswith("UPDATE") and "forum_visit" in q["sql"]]
    assert Visit.objects.get(user=member).last_seen == seen
    Visit.objects.filter(user=member).update(last_seen=seen - timedelta(minutes=2))
    client.get(path)
    assert Visit.objects.get(user=member).last_seen > seen
