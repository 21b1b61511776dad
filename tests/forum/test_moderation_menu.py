import re

import pytest

from tests.forum.factories import PostFactory, TopicFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def queue_link(html: str) -> str | None:
    match = re.search(r'<a href="[^"]*" class="moderation-link">.*?</a>', html, re.DOTALL)
    return match.group() if match else None


def test_moderators_see_the_queue_count_in_their_account_menu(client, category):
    topic = TopicFactory(category=category)
    PostFactory.create_batch(2, topic=topic, is_held=True)
    client.force_login(UserFactory(is_staff=True))
    link = queue_link(client.get("/pl/forum/").content.decode())
    assert link is not None
    assert ">2<" in link


def test_members_who_moderate_nothing_have_no_queue_in_their_menu(client, member):
    client.force_login(member)
    assert queue_link(client.get("/pl/forum/").content.decode()) is None
