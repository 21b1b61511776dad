import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from members.models import Notification, NotificationKind
from network.chat import presence as chat_presence
from network.chat import services as chat
from network.chat.services import allow_send, post_message
from network.core.viewer import viewer_for
from network.groups.permissions import (
    access_room,
    check_delete_message,
    check_edit_message,
    filter_readable_rooms,
    filter_rooms,
)
from network.models import Message, RoomKind, RoomMember
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory
from tests.network.chat_factories import RoomFactory, conversation

pytestmark = pytest.mark.django_db


def v(user):
    """The viewer's memberships, freshly computed (a new user object each time)."""
    return viewer_for(type(user).objects.get(pk=user.pk))


def test_messages_get_consecutive_numbers_per_room():
    ala, ola = UserFactory(), UserFactory()
    first, second = conversation(ala, ola), conversation(ala, ola)
    seqs = [post_message(room=first, author=ala, body=f"m{i}", client_id=f"a{i}") for i in range(3)]
    other = post_message(room=second, author=ala, body="x", client_id="b0")
    assert [result.message.seq for result in seqs] == [1, 2, 3]
    assert other.message.seq == 1
    first.refresh_from_db()
    assert first.last_seq == 3


def test_a_resend_with_the_same_client_id_is_not_stored_twice():
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    first = post_message(room=room, author=ala, body="Dzień dobry", client_id="c-1")
    again = post_message(room=room, author=ala, body="Dzień dobry", client_id="c-1")
    assert first.created
    assert not again.created
    assert again.message.pk == first.message.pk
    assert Message.objects.filter(room=room).count() == 1


def test_two_authors_may_use_the_same_client_id():
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    post_message(room=room, author=ala, body="a", client_id="same")
    post_message(room=room, author=ola, body="b", client_id="same")
    assert Message.objects.filter(room=room).count() == 2


@pytest.mark.parametrize(("body", "code"), [("   ", "empty"), ("x" * 4001, "too_long")])
def test_empty_and_too_long_messages_are_refused_and_nothing_is_stored(body, code):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    with pytest.raises(ValidationError) as error:
        post_message(room=room, author=ala, body=body, client_id="c")
    assert error.value.code == code
    assert not Message.objects.exists()
    room.refresh_from_db()
    assert room.last_seq == 0


def test_a_message_of_exactly_4000_characters_is_accepted():
    ala, ola = UserFactory(), UserFactory()
    result = post_message(room=conversation(ala, ola), author=ala, body="x" * 4000, client_id="c")
    assert len(result.message.body) == 4000


def test_markdown_is_rendered_once_and_made_safe():
    ala, ola = UserFactory(), UserFactory()
    body = "**Ważne** <script>alert(1)</script> [program](https://example.org)"
    message = post_message(
        room=conversation(ala, ola), author=ala, body=body, client_id="c"
    ).message
    assert "<strong>Ważne</strong>" in message.body_html
    assert "<script>" not in message.body_html
    assert 'rel="nofollow ugc noopener"' in message.body_html


def test_the_send_rate_is_limited_per_member(settings):
    ala, ola = UserFactory(), UserFactory()
    assert all(allow_send(user=ala) for _ in range(settings.CHAT_SEND_LIMIT))
    assert not allow_send(user=ala)
    assert allow_send(user=ola)


def test_only_the_author_may_edit_and_the_edit_is_marked():
    ala, ola = UserFactory(), UserFactory()
    message = post_message(room=conversation(ala, ola), author=ala, body="a", client_id="c").message
    with pytest.raises(PermissionDenied):
        check_edit_message(v(ola), message)
    check_edit_message(v(ala), message)
    chat.edit_message(message=message, body="*b*")
    message.refresh_from_db()
    assert message.body_html == "<p><em>b</em></p>"
    assert message.edited is not None


def test_members_delete_their_own_messages_and_staff_delete_any():
    ala, ola, staff = UserFactory(), UserFactory(), UserFactory(is_staff=True)
    room = conversation(ala, ola, staff)
    message = post_message(room=room, author=ala, body="a", client_id="c").message
    with pytest.raises(PermissionDenied):
        check_delete_message(v(ola), room, message)
    check_delete_message(v(staff), room, message)
    chat.delete_message(message=message, by=ala)
    message.refresh_from_db()
    assert message.is_deleted
    assert message.body == ""
    assert message.body_html == ""
    with pytest.raises(PermissionDenied):
        check_edit_message(v(ala), message)


def test_the_starter_of_a_conversation_does_not_moderate_it():
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    message = post_message(room=room, author=ola, body="a", client_id="c").message
    with pytest.raises(PermissionDenied):
        check_delete_message(v(ala), room, message)


def test_a_direct_room_is_one_per_pair_whoever_opens_it():
    ala, ola = UserFactory(), UserFactory()
    room, created = chat.open_direct_room(user=ala, other=ola)
    again, created_again = chat.open_direct_room(user=ola, other=ala)
    assert created
    assert not created_again
    assert again.pk == room.pk
    assert room.kind == RoomKind.DIRECT
    assert set(room.memberships.values_list("user_id", flat=True)) == {ala.pk, ola.pk}
    with pytest.raises(ValidationError):
        chat.open_direct_room(user=ala, other=ala)


def test_a_conversation_has_at_most_twenty_members():
    starter = UserFactory()
    others = UserFactory.create_batch(19)
    room = chat.start_conversation(starter=starter, title="Noc Bibliotek", members=others)
    assert room.memberships.count() == 20
    with pytest.raises(ValidationError):
        chat.add_room_members(room=room, users=[UserFactory()])
    with pytest.raises(ValidationError):
        chat.start_conversation(starter=starter, title="Za dużo", members=[*others, UserFactory()])


def test_conversations_are_seen_only_by_their_members_and_group_rooms_read_by_staff():
    ala, ola, outsider, staff = (
        UserFactory(),
        UserFactory(),
        UserFactory(),
        UserFactory(is_staff=True),
    )
    room = conversation(ala, ola)
    group_room = RoomFactory(kind=RoomKind.GROUP, title="LABIB")
    assert access_room(v(ala), room.pk) == room
    for user, room_id in [(outsider, room.pk), (ala, group_room.pk), (outsider, 987654)]:
        with pytest.raises(Http404) as error:
            access_room(v(user), room_id)
        assert str(error.value) == "Room not found."
    assert access_room(v(staff), group_room.pk) == group_room
    rooms = RoomFactory._meta.model.objects.all()
    assert list(filter_rooms(v(outsider), rooms)) == []
    # Staff read every group room but list only their own.
    assert list(filter_rooms(v(staff), rooms)) == []
    assert set(filter_readable_rooms(v(staff), rooms)) == {group_room}


def test_reading_moves_the_marker_forward_only():
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    for i in range(3):
        post_message(room=room, author=ala, body=f"m{i}", client_id=str(i))
    assert chat.mark_read(room=room, user=ola, seq=2)
    assert not chat.mark_read(room=room, user=ola, seq=1)
    assert chat.mark_read(room=room, user=ola, seq=99)
    assert RoomMember.objects.get(room=room, user=ola).last_read_seq == 3


def test_a_burst_of_direct_messages_gives_one_notification_until_it_is_read():
    ala, ola = UserFactory(), UserFactory()
    room, _created = chat.open_direct_room(user=ala, other=ola)
    for i in range(10):
        post_message(room=room, author=ala, body=f"Wiadomość {i}", client_id=str(i))
    notes = Notification.objects.filter(recipient=ola)
    assert notes.count() == 1
    assert notes.get().kind == NotificationKind.DIRECT_MESSAGE
    assert notes.get().url == f"/chat/{room.pk}/"
    assert not Notification.objects.filter(recipient=ala).exists()
    chat.mark_read(room=room, user=ola, seq=10)
    post_message(room=room, author=ala, body="Jeszcze jedno", client_id="11")
    assert notes.count() == 2


def test_mentions_notify_only_mentioned_members_who_are_not_in_the_room():
    ala, ola, ewa, piotr = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    room = conversation(ala, ola, ewa, piotr)
    chat_presence.join(room.pk, "channel-ewa", user_id=ewa.pk, handle=ewa.username)
    body = f"@{ola.username} @{ewa.username} spotkanie o 18:00 (e-mail: x@{piotr.username})"
    post_message(room=room, author=ala, body=body, client_id="c")
    chat_presence.leave(room.pk, "channel-ewa")
    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (ola.pk, NotificationKind.MENTION)
    ]


def test_notification_titles_are_in_the_recipients_language():
    ala, ola = UserFactory(first_name="Ala", last_name="Nowak"), UserFactory(language="en")
    room, _created = chat.open_direct_room(user=ala, other=ola)
    post_message(room=room, author=ala, body="Cześć", client_id="c")
    with translation.override("en"):
        assert Notification.objects.get(recipient=ola).title == "Ala Nowak sent you a message"


def test_removing_a_member_takes_the_room_away_from_them():
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    chat.remove_room_member(room=room, user=ola)
    with pytest.raises(Http404):
        access_room(v(ola), room.pk)


def test_leave_all_rooms_removes_every_membership_of_a_member():
    ala, ola = UserFactory(), UserFactory()
    conversation(ala, ola)
    chat.open_direct_room(user=ala, other=ola)
    chat.leave_all_rooms(user=ola)
    assert not RoomMember.objects.filter(user=ola).exists()


def test_seed_demo_creates_chat_rooms_with_history_once():
    from django.core.management import call_command

    from network.models import Group, GroupKind, Room

    call_command("seed_demo")
    counts = (Message.objects.count(), RoomMember.objects.count())
    call_command("seed_demo")
    assert (Message.objects.count(), RoomMember.objects.count()) == counts
    conversations = Message.objects.exclude(room__kind=RoomKind.GROUP)
    assert conversations.count() == 19
    # Every network, group and zone has its room; the networks' and groups' have a history.
    assert Room.objects.filter(kind=RoomKind.GROUP).count() == Group.objects.count()
    for slug in ["labib", "inicjatywy", "labib-klimat", "inicjatywy-zarzad"]:
        assert Message.objects.filter(room__group__slug=slug).count() >= 3
    zones = Group.objects.filter(kind=GroupKind.ZONE)
    assert Room.objects.filter(group__in=zones).count() == zones.count()
    group_messages = Message.objects.filter(room__kind=RoomKind.GROUP).count()
    call_command("seed_demo", "--scale", "3")
    assert conversations.count() == 57
    assert Message.objects.filter(room__kind=RoomKind.GROUP).count() == 3 * group_messages
    assert Notification.objects.filter(kind=NotificationKind.MENTION).count() == 1


def test_a_chat_mention_links_to_the_profile_and_an_edit_keeps_it():
    ala, ola = UserFactory(), ProfileFactory(handle="ola-nowak").user
    room = conversation(ala, ola)
    message = post_message(room=room, author=ala, body="@ola-nowak, patrz", client_id="c").message
    link = (
        '<a href="/members/ola-nowak/" class="mention" rel="nofollow ugc noopener">@ola-nowak</a>'
    )
    assert link in message.body_html
    assert link in chat.edit_message(message=message, body="@ola-nowak, już").body_html
