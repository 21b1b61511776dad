import re

import pytest
from django.urls import reverse

from network.chat.services import open_direct_room, post_message
from network.models import Message, Room, RoomKind, RoomMember
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.chat_factories import RoomFactory, conversation

pytestmark = pytest.mark.django_db


def room_url(room, lang="pl"):
    return f"/{lang}/chat/{room.pk}/"


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def fill(room, author, count, start=0):
    for i in range(start, start + count):
        post_message(room=room, author=author, body=f"Wiadomość {i}", client_id=f"c{i}")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/pl/chat/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_room_list_shows_unread_counts(client):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola, title="Noc Bibliotek")
    fill(room, ala, 3)
    client.force_login(ola)
    response = client.get("/en/chat/")
    assert response.status_code == 200
    assert "Noc Bibliotek" in response.text
    assert "3 unread messages" in response.text
    client.force_login(ala)
    assert "unread message" not in client.get("/en/chat/").text


def test_the_room_list_query_count_does_not_grow_with_rooms(client, django_assert_num_queries):
    ala = UserFactory()
    client.force_login(ala)
    for _ in range(2):
        fill(conversation(ala, UserFactory()), ala, 2)
    with django_assert_num_queries(6):
        client.get("/pl/chat/")
    for _ in range(5):
        open_direct_room(user=ala, other=UserFactory())
    with django_assert_num_queries(6):
        client.get("/pl/chat/")


def test_the_room_page_shows_history_and_its_query_count_is_constant(
    client, django_assert_num_queries
):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    fill(room, ala, 3)
    client.force_login(ola)
    client.get(room_url(room))
    # With the messages' files, today's uploads (the composer's limits), the viewer's profile and
    # the room list beside it (rooms, their members, the two-factor check of group rooms).
    with django_assert_num_queries(12):
        response = client.get(room_url(room))
    fill(room, ala, 60, start=3)
    for _ in range(4):
        fill(conversation(ola, UserFactory()), ola, 1)
    client.get(room_url(room))
    with django_assert_num_queries(12):
        response = client.get(room_url(room))
    assert response.status_code == 200
    assert f'data-room="{room.pk}"' in response.text
    assert "Wiadomość 62" in response.text
    assert "Wiadomość 12" not in response.text
    assert "?before=14" in response.text
    older = client.get(room_url(room) + "?before=14")
    assert "Wiadomość 12" in older.text
    assert "Wiadomość 14" not in older.text


def test_opening_the_room_marks_it_read(client):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    fill(room, ala, 2)
    client.force_login(ola)
    client.get(room_url(room))
    assert RoomMember.objects.get(room=room, user=ola).last_read_seq == 2


def test_a_room_one_may_not_see_is_the_same_404_as_a_missing_one(client):
    room = conversation(UserFactory(), UserFactory())
    client.force_login(UserFactory())
    hidden, missing = client.get(room_url(room)), client.get(f"/pl/chat/{room.pk + 100}/")
    assert hidden.status_code == missing.status_code == 404
    # The same page but for the address itself (the language switcher links back to it).
    assert without_csrf(hidden.text).replace(f"/chat/{room.pk}/", "/chat/N/") == without_csrf(
        missing.text
    ).replace(f"/chat/{room.pk + 100}/", "/chat/N/")
    group_room = RoomFactory(kind=RoomKind.GROUP)
    assert client.get(room_url(group_room)).status_code == 404
    response = client.post(room_url(room), {"body": "x", "client_id": "c"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_posting_the_form_stores_the_message_once_even_if_submitted_twice(client):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    client.force_login(ala)
    data = {"body": "Spotkanie o **18:00**", "client_id": "form-1"}
    response = client.post(room_url(room), data)
    assert response.status_code == 302
    assert response.url == f"/pl/chat/{room.pk}/#m1"
    client.post(room_url(room), data)
    assert Message.objects.filter(room=room).count() == 1
    assert "<strong>18:00</strong>" in client.get(room_url(room)).text


def test_the_form_and_the_socket_count_against_one_send_allowance(client, settings, monkeypatch):
    from network.chat import services as chat_services
    from network.chat.services import send_message
    from network.core.viewer import viewer_for

    settings.CHAT_SEND_LIMIT = 2
    # One window for the whole test: a slow machine must not cross into the next one.
    monkeypatch.setattr(chat_services, "SEND_WINDOW_SECONDS", 3600)
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    # One send as the socket makes it, one from the page's form: the allowance is spent.
    send_message(viewer=viewer_for(ala), room_id=room.pk, body="Cześć", client_id="ws-1")
    client.force_login(ala)
    assert (
        client.post(room_url(room), {"body": "Jak się masz?", "client_id": "f-1"}).status_code
        == 302
    )
    response = client.post(room_url(room), {"body": "Halo?", "client_id": "f-2"})
    assert response.status_code == 400
    assert "Wysyłasz zbyt szybko" in response.text
    assert Message.objects.filter(room=room).count() == 2


def test_a_too_long_message_from_the_form_is_a_form_error_in_the_members_language(client):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    client.force_login(ala)
    response = client.post(room_url(room), {"body": "x" * 4001, "client_id": "c"})
    assert response.status_code == 400
    assert "4000" in response.text
    assert not Message.objects.exists()


def test_members_edit_and_delete_their_own_messages_only(client):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    fill(room, ala, 1)
    edit_url = reverse("chat:edit", kwargs={"room_id": room.pk, "seq": 1})
    delete_url = reverse("chat:delete", kwargs={"room_id": room.pk, "seq": 1})
    client.force_login(ola)
    assert client.get(edit_url).status_code == 403
    assert client.post(delete_url).status_code == 403
    client.force_login(ala)
    assert client.get(edit_url).status_code == 200
    assert client.post(edit_url, {"body": "poprawione"}).status_code == 302
    message = Message.objects.get()
    assert message.body == "poprawione"
    assert message.edited is not None
    assert client.post(delete_url).status_code == 302
    message.refresh_from_db()
    assert message.is_deleted
    assert client.get(edit_url).status_code == 403


def _members(count: int) -> list:
    """Members with profiles, as every account has: only people one may see are talked to."""
    return [ProfileFactory().user for _ in range(count)]


def test_a_conversation_is_started_from_the_chat_page(client):
    ala, ola, ewa = _members(3)
    client.force_login(ala)
    response = client.post(
        "/pl/chat/", {"title": "Kongres", "members": f"{ola.username}, @{ewa.username}"}
    )
    room = Room.objects.get(title="Kongres")
    assert response.url == f"/pl/chat/{room.pk}/"
    assert set(room.memberships.values_list("user_id", flat=True)) == {ala.pk, ola.pk, ewa.pk}


def test_one_person_without_a_title_opens_the_direct_conversation_with_them(client):
    ala, ola = _members(2)
    client.force_login(ala)
    response = client.post("/pl/chat/", {"title": "", "members": f"@{ola.profile.handle}"})
    room = Room.objects.get()
    assert room.kind == RoomKind.DIRECT
    assert response.url == f"/pl/chat/{room.pk}/"
    # Asked again, the same room: a person has one direct conversation with another.
    again = client.post("/pl/chat/", {"members": f"@{ola.profile.handle}"})
    assert again.url == response.url
    assert Room.objects.count() == 1


def test_a_group_without_a_title_is_named_after_its_other_members(client):
    ala, ola, ewa = _members(3)
    client.force_login(ala)
    handles = f"@{ola.profile.handle}, @{ewa.profile.handle}"
    response = client.post("/pl/chat/", {"title": "  ", "members": handles})
    room = Room.objects.get()
    assert room.kind == RoomKind.CONVERSATION
    assert room.title == ", ".join(sorted([ola.public_name, ewa.public_name]))
    assert response.url == f"/pl/chat/{room.pk}/"


def test_oneself_alone_is_not_a_conversation(client):
    ala = _members(1)[0]
    client.force_login(ala)
    response = client.post("/en/chat/", {"members": f"@{ala.profile.handle}"})
    assert response.status_code == 400
    assert "Add at least one other member." in response.text
    assert not Room.objects.exists()


def test_unknown_members_are_a_form_error(client):
    client.force_login(UserFactory())
    response = client.post("/en/chat/", {"title": "Kongres", "members": "nobody-here"})
    assert response.status_code == 400
    assert "nobody-here" in response.text
    assert not Room.objects.exists()


def test_the_direct_room_is_found_or_created_from_a_profile_link(client):
    ala, ola = _members(2)
    client.force_login(ala)
    url = f"/pl/chat/with/{ola.username}/"
    assert client.get(url).status_code == 200
    assert not Room.objects.exists()
    response = client.post(url)
    room = Room.objects.get()
    assert response.url == f"/pl/chat/{room.pk}/"
    assert client.get(f"/pl/chat/with/{ola.pk}/").url == f"/pl/chat/{room.pk}/"
    client.force_login(ola)
    assert client.get(f"/pl/chat/with/{ala.username}/").url == f"/pl/chat/{room.pk}/"
    assert client.get("/pl/chat/with/nobody/").status_code == 404
    yourself = client.get(f"/pl/chat/with/{ola.username}/", follow=True)
    assert "Nie możesz rozpocząć rozmowy z samym sobą." in yourself.text
    assert Room.objects.count() == 1


def test_the_starter_removes_members_and_members_leave(client):
    ala, ola, ewa = UserFactory(), UserFactory(), UserFactory()
    room = conversation(ala, ola, ewa)
    client.force_login(ola)
    remove_ewa = reverse("chat:remove_member", kwargs={"room_id": room.pk, "user_id": ewa.pk})
    assert client.post(remove_ewa).status_code == 403
    leave = reverse("chat:remove_member", kwargs={"room_id": room.pk, "user_id": ola.pk})
    assert client.post(leave).status_code == 302
    assert client.get(room_url(room)).status_code == 404
    client.force_login(ala)
    assert client.post(remove_ewa).status_code == 302
    assert list(room.memberships.values_list("user_id", flat=True)) == [ala.pk]


def test_members_add_members_to_a_conversation(client):
    ala, ola, ewa = _members(3)
    room = conversation(ala, ola)
    client.force_login(ola)
    url = reverse("chat:add_members", kwargs={"room_id": room.pk})
    assert client.post(url, {"members": ewa.username}).status_code == 302
    assert room.memberships.filter(user=ewa).exists()
