"""Group rooms over /ws/ with real sockets: membership decides, and ending it closes the room."""

import asyncio

import pytest
from allauth.mfa.models import Authenticator
from channels.db import database_sync_to_async

from members.services.personal_data import erase_account
from network.chat.services import ensure_group_room
from network.groups.services import memberships
from network.models import Membership, Role, Visibility
from tests.members.factories import UserFactory
from tests.network.chat_factories import conversation
from tests.network.factories import GroupFactory
from tests.network.test_chat_consumer import connect, next_of, post, subscribe

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def member(**fields):
    return UserFactory(**fields)


@database_sync_to_async
def group_room(*people, role=Role.MEMBER, **fields):
    group = GroupFactory(**fields)
    for person in people:
        memberships.add_member(user=person, group=group, role=role)
    return group, ensure_group_room(group=group)


async def send(sock, room, client_id, body="Dzień dobry"):
    await sock.send_json_to({"type": "send", "room": room.pk, "client_id": client_id, "body": body})


async def test_members_of_a_group_chat_in_its_room():
    ala, ola = await member(), await member()
    _group, room = await group_room(ala, ola)
    alas, olas = await connect(ala), await connect(ola)
    await subscribe(alas, room)
    await subscribe(olas, room)
    await send(alas, room, "k1", "Zebranie o **10:00**")
    assert (await next_of(alas, "ack"))["message"] == 1
    message = (await next_of(olas, "message"))["message"]
    assert message["body_html"] == "<p>Zebranie o <strong>10:00</strong></p>"
    await olas.send_json_to({"type": "read", "room": room.pk, "message": 1})
    assert (await next_of(alas, "read"))["author"] == ola.username
    await alas.disconnect()
    await olas.disconnect()


async def test_a_secret_groups_room_is_answered_to_outsiders_exactly_like_a_missing_room():
    director, outsider = await member(), await member()
    _group, room = await group_room(director, visibility=Visibility.SECRET, name="Rada Zefir")
    sock = await connect(outsider)
    answers = []
    for room_id in [room.pk, room.pk + 1000]:
        await sock.send_json_to({"type": "subscribe", "room": room_id, "after": None})
        error = await next_of(sock, "error")
        answers.append((error["code"], error["detail"]))
        assert "Zefir" not in str(error)
    assert len(set(answers)) == 1
    assert answers[0][0] == "not_found"
    await sock.disconnect()


async def test_staff_read_a_group_room_but_their_sends_are_refused():
    ala, staff = await member(), await member(is_staff=True)
    _group, room = await group_room(ala)
    await post(room, ala, "Pierwsza", "a")
    sock = await connect(staff)
    replay = await subscribe(sock, room)
    assert [frame["message"]["id"] for frame in replay] == [1]
    await send(sock, room, "s1")
    error = await next_of(sock, "error")
    assert (error["code"], error["ref"]) == ("forbidden", "s1")
    await sock.send_json_to({"type": "typing", "room": room.pk})
    error = await next_of(sock, "error")
    assert (error["code"], error["ref"]) == ("forbidden", room.pk)
    await sock.disconnect()


async def test_a_two_factor_group_room_needs_two_factor_on_the_socket_too():
    ala = await member()
    _group, room = await group_room(ala, requires_mfa=True)
    sock = await connect(ala)
    await sock.send_json_to({"type": "subscribe", "room": room.pk, "after": None})
    assert (await next_of(sock, "error"))["code"] == "mfa_required"
    await sock.disconnect()
    await database_sync_to_async(Authenticator.objects.create)(
        user=ala, type=Authenticator.Type.TOTP, data={}
    )
    sock = await connect(ala)
    assert await subscribe(sock, room) == []
    await sock.disconnect()


async def drain(sock, timeout=0.3) -> list[dict]:
    frames = []
    while not await sock.receive_nothing(timeout=timeout):
        frames.append(await sock.receive_json_from())
    return frames


async def _assert_dropped_within_a_second(sock, room, other_member):
    error = await asyncio.wait_for(next_of(sock, "error"), timeout=1)
    assert (error["code"], error["ref"]) == ("removed", room.pk)
    await post(room, other_member, "już nie dla ciebie", "after-removal")
    # (A `notification` frame may come: "you are no longer a member of …".)
    assert [frame for frame in await drain(sock) if frame.get("room") == room.pk] == []
    await send(sock, room, "late")
    assert (await next_of(sock, "error"))["code"] == "not_found"
    await sock.send_json_to({"type": "subscribe", "room": room.pk, "after": None})
    assert (await next_of(sock, "error"))["code"] == "not_found"


async def test_a_member_who_leaves_the_group_loses_its_room_on_every_socket_within_a_second():
    ala, ola = await member(), await member()
    group, room = await group_room(ala, ola)
    first, second = await connect(ola), await connect(ola)
    await subscribe(first, room)
    await subscribe(second, room)
    alas = await connect(ala)
    await subscribe(alas, room)
    await database_sync_to_async(memberships.leave_group)(user=ola, group=group)
    for sock in [first, second]:
        await _assert_dropped_within_a_second(sock, room, ala)
    # The others keep the room.
    assert (await next_of(alas, "message"))["message"]["id"] == 1
    for sock in [first, second, alas]:
        await sock.disconnect()


async def test_a_member_who_joins_a_group_opens_its_room_on_an_already_open_socket():
    ala, ola = await member(), await member()
    group, room = await group_room(ala)
    await post(room, ala, "Witamy nowych", "w")
    sock = await connect(ola)
    await database_sync_to_async(memberships.join_group)(user=ola, group=group)
    # The socket counted Ola's groups when it opened; the join reaches it within a second.
    frame = {}
    for _attempt in range(10):
        await sock.send_json_to({"type": "subscribe", "room": room.pk, "after": None})
        frame = await sock.receive_json_from(timeout=1)
        if frame["type"] != "error":
            break
        assert frame["code"] == "not_found"
        await asyncio.sleep(0.1)
    assert frame["type"] == "message"
    assert frame["message"]["body_html"] == "<p>Witamy nowych</p>"
    await sock.disconnect()


async def test_a_removed_member_loses_the_room_and_their_sends_are_refused():
    ala, ola, admin = await member(), await member(), await member()
    group, room = await group_room(ala, ola)
    await database_sync_to_async(memberships.add_member)(user=admin, group=group, role=Role.ADMIN)
    olas = await connect(ola)
    await subscribe(olas, room)
    membership = await database_sync_to_async(Membership.objects.get)(user=ola, group=group)
    await database_sync_to_async(memberships.remove_member)(membership=membership, actor=admin)
    await _assert_dropped_within_a_second(olas, room, ala)
    await olas.disconnect()


async def test_leaving_a_network_closes_the_networks_room_but_not_a_conversation():
    ala, ola = await member(), await member()
    group, _room = await group_room(ala)
    network = group.parent
    await database_sync_to_async(memberships.add_member)(user=ala, group=network)
    await database_sync_to_async(memberships.add_member)(user=ola, group=network)
    network_room = await database_sync_to_async(ensure_group_room)(group=network)
    private = await database_sync_to_async(conversation)(ala, ola)
    olas = await connect(ola)
    await subscribe(olas, network_room)
    await subscribe(olas, private)
    await database_sync_to_async(memberships.leave_group)(user=ola, group=network)
    await _assert_dropped_within_a_second(olas, network_room, ala)
    await send(olas, private, "still-here")
    assert (await next_of(olas, "ack"))["client_id"] == "still-here"
    await olas.disconnect()


async def test_erasing_the_account_drops_the_member_from_their_conversations():
    ala, ola = await member(), await member()
    private = await database_sync_to_async(conversation)(ala, ola)
    alas = await connect(ala)
    olas = await connect(ola)
    await subscribe(olas, private)
    await database_sync_to_async(erase_account)(user=ola)
    # Erasure closes the member's sockets; the conversation no longer has them.
    members = await database_sync_to_async(
        lambda: set(private.memberships.values_list("user_id", flat=True))
    )()
    assert members == {ala.pk}
    await alas.disconnect()
    await olas.disconnect()


async def test_the_heartbeat_drops_a_room_even_when_the_membership_event_was_lost(settings):
    settings.CHAT_HEARTBEAT_SECONDS = 0.2
    ala, ola = await member(), await member()
    group, room = await group_room(ala, ola)
    olas = await connect(ola)
    await subscribe(olas, room)
    # Deleted behind the services' back: no event reaches the socket.
    await database_sync_to_async(Membership.objects.filter(user=ola, group=group).delete)()
    error = await asyncio.wait_for(next_of(olas, "error"), timeout=3)
    assert (error["code"], error["ref"]) == ("removed", room.pk)
    await send(olas, room, "late")
    assert (await next_of(olas, "error"))["code"] == "not_found"
    await olas.disconnect()
