"""The two-pane chat: the room list beside the room, the log's blocks and lines, room search,
and writing to a member from their profile."""

from datetime import timedelta

import pytest
from django.utils import timezone

from network.chat.services import edit_message, open_direct_room, post_message
from network.models import Message, Room
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.chat_factories import conversation

pytestmark = pytest.mark.django_db


def _say(room, author, body, client_id, *, minutes_ago=0):
    message = post_message(room=room, author=author, body=body, client_id=client_id).message
    if minutes_ago:
        Message.objects.filter(pk=message.pk).update(
            created=timezone.now() - timedelta(minutes=minutes_ago)
        )
    return message


def test_the_room_list_shows_the_last_message_and_marks_the_room_being_read(client):
    ala, ola = ProfileFactory().user, ProfileFactory().user
    room = conversation(ala, ola, title="Noc Bibliotek")
    other = conversation(ola, UserFactory(), title="Zakupy")
    _say(room, ala, "Do zobaczenia w sobotę", "a1")
    client.force_login(ola)
    page = client.get(f"/pl/chat/{room.pk}/").text
    assert "Do zobaczenia w sobotę" in page
    assert f'href="/pl/chat/{room.pk}/" aria-current="page"' in page
    assert f'href="/pl/chat/{other.pk}/" aria-current' not in page
    assert "Wszystkie rozmowy" in page  # the way back to the list on a phone


def test_the_log_has_day_separators_author_blocks_and_a_new_messages_line(client):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    _say(room, ola, "Wczoraj", "o1", minutes_ago=60 * 30)
    client.force_login(ola)
    client.get(f"/pl/chat/{room.pk}/")  # read up to here
    _say(room, ala, "Pierwsza", "a1", minutes_ago=2)
    _say(room, ala, "Druga", "a2", minutes_ago=1)
    page = client.get(f"/pl/chat/{room.pk}/").text
    assert page.count('class="chat-day"') == 2
    assert page.count("Nowe wiadomości") == 1
    assert page.index("Nowe wiadomości") < page.index("Pierwsza")
    assert page.count("is-continued") == 1  # "Druga" joins "Pierwsza" under one name
    assert "Nowe wiadomości" not in client.get(f"/pl/chat/{room.pk}/").text


def test_search_inside_a_room_finds_its_messages_only(client):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    elsewhere = conversation(ala, UserFactory())
    _say(room, ala, "Grant na remont czytelni", "a1")
    _say(room, ala, "Kawa o dziesiątej", "a2")
    _say(elsewhere, ala, "Grant tajny", "a3")
    client.force_login(ola)
    page = client.get(f"/pl/chat/{room.pk}/?q=grant").text
    page = page[page.index('role="log"') :]  # the log, not the room list's previews
    assert "Grant na remont czytelni" in page
    assert "Kawa o dziesiątej" not in page
    assert "Grant tajny" not in page
    assert client.get(f"/pl/chat/{elsewhere.pk}/?q=grant").status_code == 404
    assert client.get("/pl/chat/999999999/?q=grant").status_code == 404


def test_search_inside_a_room_understands_word_forms_and_missing_diacritics(client):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    _say(room, ala, "Szukamy grantów na warsztaty we Wrocławiu", "a1")
    _say(room, ala, "Kawa o dziesiątej", "a2")
    edited = _say(room, ala, "Spotkanie w Koninie", "a3")
    client.force_login(ola)

    def found(query):
        page = client.get(f"/pl/chat/{room.pk}/", {"q": query}).text
        return page[page.index('role="log"') :]

    assert "Szukamy grantów" in found("granty")
    assert "Szukamy grantów" in found("wroclaw granty")
    assert "Szukamy grantów" in found("warszt")  # the start of a word
    assert "Szukamy grantów" not in found("granty Konin")  # every word must match
    edit_message(message=edited, body="Spotkanie w Gdańsku")
    assert "Spotkanie w Gdańsku" in found("gdansk")
    assert "Spotkanie" not in found("koninie")
    # Punctuation alone has no words: nothing is found, not every message.
    assert "Kawa o dziesiątej" not in found("???")


@pytest.mark.parametrize("query", ["g", "x" * 500])
def test_a_search_too_short_or_too_long_is_a_message_not_an_error(client, query):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    _say(room, ala, "<script>alert(1)</script>", "a1")
    client.force_login(ola)
    response = client.get(f"/pl/chat/{room.pk}/", {"q": query})
    assert response.status_code == 200
    assert "Wpisz co najmniej 2 znaki" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_a_profile_offers_one_click_to_write_and_the_click_opens_the_conversation(client):
    ala, ola = ProfileFactory(), ProfileFactory()
    client.force_login(ala.user)
    page = client.get(f"/pl/members/{ola.handle}/").text
    assert "Wyślij wiadomość" in page
    assert f'action="/pl/chat/with/{ola.handle}/"' in page
    response = client.post(f"/pl/chat/with/{ola.handle}/")
    assert response.url == f"/pl/chat/{Room.objects.get().pk}/"
    assert "Wyślij wiadomość" not in client.get(f"/pl/members/{ala.handle}/").text


def test_a_deactivated_member_is_offered_no_conversation(client):
    ala, ola = ProfileFactory(), ProfileFactory()
    ola.user.is_active = False
    ola.user.save()
    client.force_login(ala.user)
    assert client.post(f"/pl/chat/with/{ola.handle}/").status_code == 404
    assert not Room.objects.exists()


def test_the_room_list_stays_within_its_query_budget(client, django_assert_max_num_queries):
    ala = UserFactory()
    client.force_login(ala)
    for _ in range(6):
        room, _created = open_direct_room(user=ala, other=ProfileFactory().user)
        post_message(room=room, author=ala, body="Cześć", client_id=f"c{room.pk}")
    with django_assert_max_num_queries(12):
        page = client.get("/pl/chat/").text
    assert page.count("Cześć") == 6


def test_the_people_picker_offers_only_people_the_viewer_may_reach(client):
    ala = ProfileFactory(display_name="Ala Nowak").user
    anna = ProfileFactory(display_name="Anna Kowalska", city="Wrocław").user
    ProfileFactory(display_name="Anna Ukryta", visibility="networks")  # no network shared
    gone = ProfileFactory(display_name="Anna Odeszła").user
    gone.is_active = False
    gone.save()
    client.force_login(ala)
    found = client.get("/pl/chat/people/", {"q": "ann"}).json()["members"]
    assert [person["name"] for person in found] == ["Anna Kowalska"]
    assert found[0]["handle"] == anna.profile.handle
    assert found[0]["town"] == "Wrocław"
    assert 'class="avatar' in found[0]["avatar"]
    assert not client.get("/pl/chat/people/", {"q": "ala"}).json()["members"]  # not oneself


@pytest.mark.parametrize("query", ["a", "a" * 500])
def test_a_picker_query_of_one_or_500_characters_is_answered_with_a_message(client, query):
    client.force_login(UserFactory())
    response = client.get("/pl/chat/people/", {"q": query})
    assert response.status_code == 200
    assert response.json()["members"] == []
    assert "od 2 do 50 znaków" in response.json()["error"]


def test_the_forms_offer_the_picker_and_still_take_typed_handles(client):
    ala, ola = ProfileFactory().user, ProfileFactory().user
    client.force_login(ala)
    assert 'data-people-picker="/pl/chat/people/"' in client.get("/pl/chat/").text
    response = client.post(
        "/pl/chat/", {"title": "Zespół", "members": f"@{ola.profile.handle}, nikt-taki"}
    )
    assert response.status_code == 400
    assert "nikt-taki" in response.text
    assert not Room.objects.exists()
