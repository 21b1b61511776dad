"""The rooms of networks, groups and zones: one each, read and written as the access policy says."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.models import Notification, NotificationKind
from members.services.personal_data import erase_account
from network.chat import services as chat
from network.chat.services import ensure_group_room, post_message
from network.core.viewer import viewer_for
from network.groups.permissions import (
    MfaRequired,
    access_room,
    can_moderate_room,
    check_delete_message,
    check_post_in_room,
    filter_rooms,
)
from network.groups.services.memberships import add_member, leave_group, remove_member
from network.models import GroupKind, Membership, ReadMarker, Role, RoomKind, Visibility
from tests.members.factories import UserFactory
from tests.network.chat_factories import conversation
from tests.network.factories import GroupFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def v(user):
    """Freshly computed memberships (viewer_for keeps them on the user object)."""
    return viewer_for(type(user).objects.get(pk=user.pk))


def group_with(*people, role=Role.MEMBER, **fields):
    group = GroupFactory(**fields)
    for person in people:
        add_member(user=person, group=group, role=role)
    return group, ensure_group_room(group=group)


def fill(room, author, count, start=0):
    for i in range(start, start + count):
        post_message(room=room, author=author, body=f"Wiadomość {i + 1}", client_id=f"c{i}")


def test_every_group_has_exactly_one_room_whose_title_follows_the_group():
    group = GroupFactory(name="Strefa Innowacji Wrocław", kind=GroupKind.ZONE)
    room = ensure_group_room(group=group)
    assert (room.kind, room.title, room.group) == (RoomKind.GROUP, group.name, group)
    group.name = "Strefa Innowacji Wrocław-Krzyki"
    group.save()
    again = ensure_group_room(group=group)
    assert again.pk == room.pk
    assert again.title == "Strefa Innowacji Wrocław-Krzyki"


def test_members_read_and_write_their_groups_room_and_nobody_else_finds_it():
    ala, outsider = UserFactory(), UserFactory()
    _group, room = group_with(ala, visibility=Visibility.SECRET)
    found = access_room(v(ala), room.pk)
    assert found == room
    check_post_in_room(v(ala), found)
    for viewer, room_id in [(v(outsider), room.pk), (v(outsider), 987654)]:
        with pytest.raises(Http404) as error:
            access_room(viewer, room_id)
        assert str(error.value) == "Room not found."


def test_members_of_the_network_do_not_read_a_public_groups_room():
    colleague = UserFactory()
    group, room = group_with(UserFactory(), visibility=Visibility.PUBLIC)
    add_member(user=colleague, group=group.parent)
    with pytest.raises(Http404):
        access_room(v(colleague), room.pk)
    # The network's own room is theirs.
    network_room = ensure_group_room(group=group.parent)
    assert access_room(v(colleague), network_room.pk) == network_room


def test_staff_read_every_group_room_but_only_members_write():
    staff = UserFactory(is_staff=True)
    _group, room = group_with(UserFactory(), visibility=Visibility.SECRET)
    found = access_room(v(staff), room.pk)
    with pytest.raises(PermissionDenied):
        check_post_in_room(v(staff), found)
    # Reading is not taking part: staff do not get other groups' rooms listed.
    assert room not in filter_rooms(v(staff), type(room).objects.all())


def test_the_groups_moderators_and_the_networks_moderate_its_room():
    ala, moderator, network_moderator, other = (UserFactory() for _ in range(4))
    group, room = group_with(ala)
    add_member(user=moderator, group=group, role=Role.MODERATOR)
    add_member(user=network_moderator, group=group.parent, role=Role.MODERATOR)
    add_member(user=other, group=group)
    message = post_message(room=room, author=ala, body="Hej", client_id="c").message
    for person in [moderator, network_moderator]:
        assert can_moderate_room(v(person), access_room(v(person), room.pk))
        check_delete_message(v(person), room, message)
    with pytest.raises(PermissionDenied):
        check_delete_message(v(other), room, message)


def test_a_two_factor_group_shows_nothing_of_its_room_without_two_factor():
    ala = UserFactory()
    _group, room = group_with(ala, requires_mfa=True)
    with pytest.raises(MfaRequired):
        access_room(v(ala), room.pk)
    assert list(filter_rooms(v(ala), type(room).objects.all())) == []
    Authenticator.objects.create(user=ala, type=Authenticator.Type.TOTP, data={})
    assert access_room(v(ala), room.pk) == room
    # A network that requires it covers its groups.
    network = NetworkFactory(requires_mfa=True)
    bob = UserFactory()
    _inner, inner_room = group_with(bob, parent=network)
    with pytest.raises(MfaRequired):
        access_room(v(bob), inner_room.pk)


def test_a_group_room_keeps_a_read_marker_made_on_first_read():
    ala, ola = UserFactory(), UserFactory()
    _group, room = group_with(ala, ola)
    fill(room, ala, 3)
    assert not ReadMarker.objects.exists()
    assert chat.mark_read(room=room, user=ola, seq=2)
    assert not chat.mark_read(room=room, user=ola, seq=1)
    assert chat.mark_read(room=room, user=ola, seq=99)
    assert ReadMarker.objects.get(room=room, user=ola).last_read_seq == 3
    assert access_room(v(ola), room.pk).last_read_seq == 3


def test_leaving_or_being_removed_takes_the_room_and_the_read_marker_away():
    ala, ola, admin = UserFactory(), UserFactory(), UserFactory()
    group, room = group_with(ala, ola)
    add_member(user=admin, group=group, role=Role.ADMIN)
    fill(room, ala, 1)
    chat.mark_read(room=room, user=ola, seq=1)
    chat.mark_read(room=room, user=ala, seq=1)
    leave_group(user=ola, group=group)
    remove_member(membership=Membership.objects.get(user=ala, group=group), actor=admin)
    for person in [ala, ola]:
        with pytest.raises(Http404):
            access_room(v(person), room.pk)
    assert not ReadMarker.objects.filter(room=room).exists()


def test_mentions_in_a_group_room_notify_only_the_groups_members():
    ala, ola, outsider = UserFactory(), UserFactory(), UserFactory()
    _group, room = group_with(ala, ola)
    body = f"@{ola.username} i @{outsider.username}: spotkanie o 18:00"
    post_message(room=room, author=ala, body=body, client_id="c")
    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (ola.pk, NotificationKind.MENTION)
    ]
    # Without a mention nobody is told.
    post_message(room=room, author=ola, body="Dziękuję", client_id="d")
    assert Notification.objects.count() == 1


def test_erasing_an_account_drops_its_conversations_and_read_markers():
    ala, ola = UserFactory(), UserFactory()
    conversation(ala, ola)
    _group, room = group_with(ala, ola)
    fill(room, ala, 1)
    chat.mark_read(room=room, user=ola, seq=1)
    erase_account(user=ola)
    assert not ola.chat_memberships.exists()
    assert not ReadMarker.objects.filter(user=ola).exists()


# Pages ------------------------------------------------------------------------------------------


def test_the_room_list_shows_group_rooms_with_messages_since_joining_as_unread(client):
    ala, ola = UserFactory(), UserFactory(language="en")
    group, room = group_with(ala, name="LABIB — grupa klimatyczna")
    fill(room, ala, 4)
    # Ola joins later: the history before she joined is not "unread" to her.
    add_member(user=ola, group=group)
    fill(room, ala, 2, start=4)
    client.force_login(ola)
    page = client.get("/en/chat/").text
    assert "LABIB — grupa klimatyczna" in page
    assert "2 unread messages" in page
    client.get(f"/en/chat/{room.pk}/")
    assert "unread message" not in client.get("/en/chat/").text


def test_the_room_list_query_count_does_not_grow_with_group_rooms(
    client, django_assert_num_queries
):
    ala = UserFactory()
    client.force_login(ala)
    for _ in range(2):
        _group, room = group_with(ala)
        fill(room, UserFactory(), 1)
    fill(conversation(ala, UserFactory()), ala, 1)
    with django_assert_num_queries(6):
        client.get("/pl/chat/")
    for _ in range(4):
        _group, room = group_with(ala, kind=GroupKind.ZONE)
        fill(room, ala, 2)
    with django_assert_num_queries(6):
        response = client.get("/pl/chat/")
    assert len(re.findall(r'href="/pl/chat/\d+/"', response.text)) == 7


def test_the_group_room_page_query_count_is_constant(client, django_assert_num_queries):
    ala, ola = UserFactory(), UserFactory()
    _group, room = group_with(ala, ola)
    fill(room, ala, 3)
    client.force_login(ola)
    client.get(f"/pl/chat/{room.pk}/")
    # With the messages' files, today's uploads (the composer's limits), the viewer's profile and
    # the room list of the left pane.
    with django_assert_num_queries(12):
        client.get(f"/pl/chat/{room.pk}/")
    fill(room, ala, 60, start=3)
    client.get(f"/pl/chat/{room.pk}/")
    with django_assert_num_queries(12):
        response = client.get(f"/pl/chat/{room.pk}/")
    assert "Wiadomość 63" in response.text


def test_staff_read_a_group_room_without_a_form_and_cannot_post(client):
    staff = UserFactory(is_staff=True, language="en")
    _group, room = group_with(UserFactory())
    client.force_login(staff)
    page = client.get(f"/en/chat/{room.pk}/")
    assert page.status_code == 200
    assert "data-send-form" not in page.text
    assert "only members of the group can write here" in page.text
    response = client.post(f"/en/chat/{room.pk}/", {"body": "Hej", "client_id": "x"})
    assert response.status_code == 403
    assert not room.messages.exists()


def test_a_member_without_two_factor_gets_the_page_asking_for_it(client):
    ala = UserFactory(language="en")
    _group, room = group_with(ala, requires_mfa=True)
    client.force_login(ala)
    response = client.get(f"/en/chat/{room.pk}/")
    assert response.status_code == 403
    assert "two-factor authentication" in response.text


def test_group_and_network_pages_link_members_to_their_room(client, world):
    network_room = ensure_group_room(group=world.network)
    group_room = ensure_group_room(group=world.public_group)
    secret_room = ensure_group_room(group=world.secret)
    client.force_login(world.member)
    group_page = client.get("/pl/networks/siec/groups/otwarta/").text
    assert f'href="/pl/chat/{group_room.pk}/"' in group_page
    assert f'href="/pl/chat/{network_room.pk}/"' in client.get("/pl/networks/siec/").text
    client.force_login(world.outsider)
    assert "chat-link" not in client.get("/pl/networks/siec/groups/otwarta/").text
    client.force_login(world.director)
    secret_page = client.get("/pl/networks/siec/groups/zefir/").text
    assert f'href="/pl/chat/{secret_room.pk}/"' in secret_page


def test_creating_a_group_in_the_admin_creates_its_room(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    network = NetworkFactory()
    client.force_login(staff)
    response = client.post(
        "/admin/network_groups/new/",
        {
            "kind": GroupKind.GROUP,
            "parent": network.pk,
            "name": "Grupa czytelnicza",
            "slug": "grupa-czytelnicza",
            "description": "",
            "visibility": Visibility.PUBLIC,
            "join_policy": "open",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = network.groups.get(slug="grupa-czytelnicza")
    assert group.room.title == "Grupa czytelnicza"
