"""The chat composer's server side: the @mention suggestions of a room and the preview, which
shows what sending the text would."""

import pytest

from network.chat.services import post_message
from network.models import Message
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory, named_profile
from tests.network.chat_factories import conversation

pytestmark = pytest.mark.django_db


def mentions(client, room, query):
    return client.get(f"/pl/chat/{room.pk}/mentions/", {"q": query})


def test_mentions_offer_the_rooms_people_the_viewer_may_see(client):
    ala = named_profile("Ala Nowak").user
    anna = named_profile("Anna Kowalska", city="Wrocław").user
    hidden = named_profile("Anna Ukryta", visibility="networks").user
    gone = named_profile("Anna Odeszła").user
    named_profile("Anna Obca")  # reachable, but not in the room
    room = conversation(ala, anna, hidden, gone)
    gone.is_active = False
    gone.save()
    client.force_login(ala)
    found = mentions(client, room, "ann").json()["members"]
    assert [person["name"] for person in found] == ["Anna Kowalska"]
    assert found[0]["handle"] == anna.profile.handle
    assert found[0]["town"] == "Wrocław"
    assert 'class="avatar' in found[0]["avatar"]
    assert mentions(client, room, "@" + anna.profile.handle[:4]).json()["members"]
    assert not mentions(client, room, "ala").json()["members"]  # not oneself


@pytest.mark.parametrize("query", ["a", "a" * 500, ""])
def test_a_mention_query_of_one_or_500_characters_finds_nobody(client, query):
    ala, ola = ProfileFactory().user, ProfileFactory().user
    room = conversation(ala, ola)
    client.force_login(ala)
    response = mentions(client, room, query)
    assert response.status_code == 200
    assert response.json() == {"members": []}


def test_mentions_answer_only_in_a_room_the_viewer_writes_in(client):
    ala, ola = ProfileFactory().user, ProfileFactory().user
    room = conversation(ala, ola)
    response = mentions(client, room, "me")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    client.force_login(ProfileFactory().user)
    assert mentions(client, room, "me").status_code == 404
    assert client.get("/pl/chat/999999/mentions/", {"q": "me"}).status_code == 404


def test_the_preview_is_what_the_sent_message_shows(client):
    ala = ProfileFactory(display_name="Ala Nowak").user
    ola = ProfileFactory(display_name="Ola Wiśniewska").user
    room = conversation(ala, ola)
    client.force_login(ala)
    body = f"**Hej** @{ola.profile.handle} <script>alert(1)</script> [x](javascript:alert(1))"
    response = client.post(f"/pl/chat/{room.pk}/preview/", {"body": body})
    assert response.status_code == 200
    sent = post_message(room=room, author=ala, body=body, client_id="p1").message
    assert sent.body_html in response.text
    assert 'class="mention"' in sent.body_html
    assert "<script>" not in response.text


def test_a_preview_that_cannot_be_sent_says_why(client):
    ala, ola = ProfileFactory().user, ProfileFactory().user
    room = conversation(ala, ola)
    client.force_login(ala)
    empty = client.post(f"/pl/chat/{room.pk}/preview/", {"body": "  "})
    assert empty.status_code == 400
    assert 'role="alert"' in empty.text
    too_long = client.post(f"/en/chat/{room.pk}/preview/", {"body": "a" * 100_000})
    assert too_long.status_code == 400
    assert "at most" in too_long.text
    assert not Message.objects.exists()
    client.force_login(UserFactory())
    assert client.post(f"/pl/chat/{room.pk}/preview/", {"body": "Hej"}).status_code == 404


def test_the_room_shows_the_composer_and_still_posts_without_javascript(client):
    ala, ola = ProfileFactory().user, ProfileFactory().user
    room = conversation(ala, ola)
    client.force_login(ala)
    page = client.get(f"/pl/chat/{room.pk}/").text
    assert f'data-draft-key="chat-draft:{room.pk}"' in page
    assert f'data-mentions-url="/pl/chat/{room.pk}/mentions/"' in page
    assert f'hx-post="/pl/chat/{room.pk}/preview/"' in page
    response = client.post(f"/pl/chat/{room.pk}/", {"body": "Bez skryptów", "client_id": "n1"})
    assert response.status_code == 302
    assert Message.objects.get().body == "Bez skryptów"
