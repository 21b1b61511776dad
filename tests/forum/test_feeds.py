import pytest
from defusedxml import ElementTree as ET

from forum.services.posting import create_reply
from tests.forum.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def test_a_public_category_feed_lists_its_visible_topics(client, category):
    TopicFactory(category=category, title="Jawny")
    TopicFactory(category=category, title="Ukryty", is_hidden=True)
    assert entries(client, f"/pl/forum/c/{category.slug}/feed/") == ["Jawny"]


def test_a_topic_feed_lists_its_posts(client, topic, other):
    create_reply(author=other, topic=topic, body="Odpowiedź w kanale")
    titles = entries(client, f"/en/forum/t/{topic.pk}/feed/")
    assert len(titles) == 2


def test_feeds_of_hidden_categories_and_topics_do_not_exist(client, member):
    hidden = CategoryFactory(is_hidden=True)
    client.force_login(member)
    assert client.get(f"/pl/forum/c/{hidden.slug}/feed/").status_code == 404
    topic = TopicFactory(category=hidden)
    assert client.get(f"/pl/forum/t/{topic.pk}/feed/").status_code == 404


def test_a_feed_is_anonymous_even_for_staff(client, staff):
    hidden = CategoryFactory(is_hidden=True)
    client.force_login(staff)
    assert client.get(f"/pl/forum/c/{hidden.slug}/feed/").status_code == 404
