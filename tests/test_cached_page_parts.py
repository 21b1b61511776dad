"""Parts of members' pages kept in the cache (network.core.fragments): the account menu, the main
menu and the footer, topic rows and member cards. Every change shows at once, and a part never
shows one reader what another's rendering holds."""

import re

import pytest
from django.test import Client

from forum.services import activity, posting
from members.models import Notification, NotificationKind
from tests.forum.factories import CategoryFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.profile_factories import LibraryFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def reader(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def account_menu(html: str) -> str:
    return re.search(r'<details class="disclosure account-menu">.*?</details>', html, re.S)[0]


def test_each_member_sees_their_own_account_menu_with_its_current_count():
    anna = ProfileFactory(display_name="Anna Kowalska").user
    jan = ProfileFactory(display_name="Jan Nowak").user
    anna_client, jan_client = reader(anna), reader(jan)
    menu = account_menu(get(anna_client, "/en/forum/"))
    assert anna.email in menu
    assert "data-unread-count hidden" in menu
    menu = account_menu(get(jan_client, "/en/forum/"))
    assert jan.email in menu
    assert anna.email not in menu
    Notification.objects.create(
        recipient=anna, kind=NotificationKind.REPLY, legacy_title="Odpowiedź"
    )
    menu = account_menu(get(anna_client, "/en/forum/"))
    assert re.search(r"<span data-unread-number>1</span>", menu)
    # Each gets their own CSRF token in the log-out form, never the other's.
    tokens = {
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', account_menu(get(c, "/en/")))[1]
        for c in (anna_client, jan_client)
    }
    assert len(tokens) == 2


def test_the_main_menu_marks_the_section_being_read_in_the_readers_language():
    client = reader(UserFactory())
    forum = get(client, "/en/forum/")
    assert re.search(r'href="/en/forum/" class="active"', forum)
    members = get(client, "/pl/members/")
    assert re.search(r'href="/pl/members/" class="active"', members)
    assert not re.search(r'href="/pl/forum/" class="active"', members)
    assert "Strefy Innowacji" in members
    assert "Innovation Zones" in forum


def test_a_topic_row_shows_a_new_reply_to_another_member_at_once():
    category = CategoryFactory()
    author, other = UserFactory(is_trusted=True), UserFactory()
    topic = TopicFactory(category=category, author=author, title="Klub dyskusyjny")
    client = reader(other)
    path = f"/en/forum/c/{category.slug}/"
    assert "0 replies" in get(client, path)
    posting.create_reply(author=author, topic=topic, body="Zapraszamy we wtorek.")
    assert "1 reply" in get(client, path)


def test_a_topic_row_shows_each_member_their_own_read_state():
    category = CategoryFactory()
    author = UserFactory(is_trusted=True)
    topic = TopicFactory(category=category, author=author, title="Klub dyskusyjny")
    reply = posting.create_reply(author=author, topic=topic, body="Zapraszamy.")
    reading, new = UserFactory(), UserFactory()
    # Both joined before the topic moved; one of them has read it.
    for member in (reading, new):
        member.date_joined = topic.created.replace(year=topic.created.year - 1)
        member.save()
    activity.mark_read(user=reading, topic=topic, up_to_post_id=reply.pk)
    path = f"/en/forum/c/{category.slug}/"
    assert "badge-new" in get(reader(new), path)
    assert "badge-new" not in get(reader(reading), path)
    assert "badge-new" in get(reader(new), path)


def test_a_member_card_shows_an_edited_profile_at_once():
    profile = ProfileFactory(display_name="Anna Kowalska", position="Bibliotekarka")
    client = reader(UserFactory())
    assert "Bibliotekarka" in get(client, "/en/members/")
    profile.position = "Dyrektorka"
    profile.save()
    html = get(client, "/en/members/")
    assert "Dyrektorka" in html
    assert "Bibliotekarka" not in html


def test_a_member_card_follows_the_readers_language():
    ProfileFactory(display_name="Anna Kowalska", city="Kraków", voivodeship="malopolskie")
    client = reader(UserFactory())
    assert "Kraków, Lesser Poland" in get(client, "/en/members/")
    assert "Kraków, małopolskie" in get(client, "/pl/members/")


def test_the_directory_facets_count_a_new_colleague_at_once():
    konin = LibraryFactory(name="Biblioteka w Koninie")
    ProfileFactory(display_name="Anna Kowalska", library=konin)
    client = reader(UserFactory())
    facet = r'Biblioteka w Koninie</a> <span class="facet-count">{}</span>'
    assert re.search(facet.format("1 member"), get(client, "/en/members/"))
    ProfileFactory(display_name="Jan Nowak", library=konin)
    assert re.search(facet.format("2 members"), get(client, "/en/members/"))
    # The chosen facet is marked, and the search form keeps it.
    html = get(client, f"/en/members/?library={konin.pk}")
    assert re.search(r'aria-current="true">Biblioteka w Koninie', html)
    assert f'name="library" value="{konin.pk}"' in html
