import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from forum.services.categories import ensure_group_category
from forum.services.posting import create_reply, create_topic
from members.services.sessions import deactivate_account
from network.asgi import application
from network.chat import services as chat_services
from network.chat.services import ensure_group_room
from network.groups.services import memberships
from network.models import Membership, Role, Visibility
from tests.forum.factories import CategoryFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.network.factories import GroupFactory, NetworkFactory

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def signed_in(user) -> list:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [(b"origin", b"http://localhost"), (b"host", b"localhost"), (b"cookie", cookie.encode())]


async def connected(user) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/", headers=await signed_in(user))
    ok, _ = await communicator.connect()
    assert ok
    return communicator


async def test_a_reader_of_a_topic_receives_new_replies(settings):
    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    reader, writer = await database_sync_to_async(UserFactory)(), None
    writer = await database_sync_to_async(UserFactory)()
    topic = await database_sync_to_async(TopicFactory)()
    communicator = await connected(reader)
    await communicator.send_json_to({"type": "watch", "topic": topic.pk})
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from() == {"type": "pong"}
    reply = await database_sync_to_async(create_reply)(
        author=writer, topic=topic, body="**Na żywo**"
    )
    frame = await communicator.receive_json_from(timeout=3)
    assert frame["type"] == "topic_reply"
    assert frame["topic"] == topic.pk
    assert frame["category"] == topic.category_id
    assert frame["post"]["id"] == reply.pk
    assert frame["post"]["body_html"] == "<p><strong>Na żywo</strong></p>\n"
    assert frame["post"]["url"] == f"/forum/p/{reply.pk}/"
    assert json.loads(json.dumps(frame)) == frame
    await communicator.send_json_to({"type": "unwatch", "topic": topic.pk})
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from() == {"type": "pong"}
    await database_sync_to_async(create_reply)(author=writer, topic=topic, body="Cicho")
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_a_category_watcher_hears_of_new_posts_in_it(settings):
    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    reader = await database_sync_to_async(UserFactory)()
    writer = await database_sync_to_async(UserFactory)()
    topic = await database_sync_to_async(TopicFactory)()
    communicator = await connected(reader)
    await communicator.send_json_to({"type": "watch", "category": topic.category_id})
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from() == {"type": "pong"}
    await database_sync_to_async(create_reply)(author=writer, topic=topic, body="Nowe")
    frame = await communicator.receive_json_from(timeout=3)
    assert (frame["type"], frame["category"]) == ("topic_reply", topic.category_id)
    await communicator.disconnect()


@pytest.mark.parametrize(
    "frame",
    [{"type": "watch", "topic": 999_999}, {"type": "watch"}, {"type": "watch", "topic": "1"},
     {"type": "watch", "topic": True}, {"type": "watch", "topic": 10**30},
     {"type": "watch", "category": -1}],
)  # fmt: skip
async def test_watching_a_missing_or_odd_topic_is_answered_not_found(frame):
    communicator = await connected(await database_sync_to_async(UserFactory)())
    await communicator.send_json_to(frame)
    error = await communicator.receive_json_from()
    assert (error["type"], error["code"]) == ("error", "not_found")
    await communicator.disconnect()


async def test_watching_an_invisible_topic_answers_exactly_like_a_missing_one():
    hidden = await database_sync_to_async(CategoryFactory)(is_hidden=True)
    topic = await database_sync_to_async(TopicFactory)(category=hidden)
    communicator = await connected(await database_sync_to_async(UserFactory)())
    await communicator.send_json_to({"type": "watch", "topic": topic.pk})
    hidden_error = await communicator.receive_json_from()
    await communicator.send_json_to({"type": "watch", "category": hidden.pk})
    category_error = await communicator.receive_json_from()
    assert hidden_error["code"] == category_error["code"] == "not_found"
    assert hidden_error["detail"] == category_error["detail"]
    await communicator.disconnect()


async def test_unwatch_without_a_target_is_malformed():
    communicator = await connected(await database_sync_to_async(UserFactory)())
    await communicator.send_json_to({"type": "unwatch"})
    assert (await communicator.receive_json_from())["code"] == "malformed"
    await communicator.disconnect()


@database_sync_to_async
def secret_group_with_a_topic():
    """A secret group of a director and a member, its forum topic and its chat room."""
    network = NetworkFactory()
    group = GroupFactory(parent=network, visibility=Visibility.SECRET, name="Rada Zefir")
    director, member = UserFactory(), UserFactory()
    for person in (director, member):
        memberships.add_member(user=person, group=network)
    memberships.add_member(user=director, group=group, role=Role.ADMIN)
    memberships.add_member(user=member, group=group)
    category = ensure_group_category(group=group)
    topic = create_topic(author=director, category=category, title="Budżet", body="Poufne")
    return group, director, member, topic, ensure_group_room(group=group)


@database_sync_to_async
def end_membership(how: str, group, director, member) -> None:
    if how == "removed":
        membership = Membership.objects.get(user=member, group=group)
        memberships.remove_member(membership=membership, actor=director)
    else:
        memberships.leave_group(user=member, group=group)


@pytest.mark.parametrize("how", ["removed", "left"])
async def test_a_member_who_leaves_a_secret_group_hears_nothing_more_from_it(settings, how):
    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    group, director, member, topic, room = await secret_group_with_a_topic()
    sock = await connected(member)
    await sock.send_json_to({"type": "watch", "topic": topic.pk})
    await sock.send_json_to({"type": "watch", "category": topic.category_id})
    await sock.send_json_to({"type": "subscribe", "room": room.pk, "after": None})
    await sock.send_json_to({"type": "ping"})
    seen = set()
    # Both the pong and the presence (which comes back through the channel layer: on Redis,
    # after the pong) before anything else is counted.
    while not {"pong", "presence"} <= seen:
        seen.add((await sock.receive_json_from(timeout=3))["type"])
    await database_sync_to_async(create_reply)(author=director, topic=topic, body="Przed")
    assert (await sock.receive_json_from(timeout=3))["type"] == "topic_reply"  # twice: topic
    assert (await sock.receive_json_from(timeout=3))["type"] == "topic_reply"  # and category
    await end_membership(how, group, director, member)
    while (frame := await sock.receive_json_from(timeout=3))["type"] != "error":
        assert frame["type"] in {"presence", "notification"}
    assert (frame["code"], frame["ref"]) == ("removed", room.pk)
    await database_sync_to_async(create_reply)(author=director, topic=topic, body="Po")
    await database_sync_to_async(chat_services.post_message)(
        room=room, author=director, body="Tylko dla rady", client_id="r1"
    )
    heard = []
    while not await sock.receive_nothing(timeout=0.5):
        heard.append(await sock.receive_json_from())
    # At most the unread count of the notification telling them they were removed.
    assert [frame for frame in heard if frame["type"] != "notification"] == []
    # Watching again is refused like a topic that does not exist.
    await sock.send_json_to({"type": "watch", "topic": topic.pk})
    error = await sock.receive_json_from()
    assert (error["code"], error["ref"]) == ("not_found", topic.pk)
    await sock.disconnect()


async def test_a_deactivated_members_socket_closes_and_hears_nothing_more(settings):
    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    _group, director, member, topic, _room = await secret_group_with_a_topic()
    sock = await connected(member)
    await sock.send_json_to({"type": "watch", "topic": topic.pk})
    await sock.send_json_to({"type": "ping"})
    assert await sock.receive_json_from() == {"type": "pong"}
    await database_sync_to_async(deactivate_account)(user=member)
    assert await sock.receive_output(timeout=3) == {"type": "websocket.close", "code": 4003}
    await database_sync_to_async(create_reply)(author=director, topic=topic, body="Po")
    assert await sock.receive_nothing(timeout=0.5), await sock.receive_output()


async def test_the_heartbeat_drops_a_watch_even_when_the_membership_event_was_lost(settings):
    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    settings.CHAT_HEARTBEAT_SECONDS = 0.2
    group, director, member, topic, _room = await secret_group_with_a_topic()
    sock = await connected(member)
    await sock.send_json_to({"type": "watch", "topic": topic.pk})
    await sock.send_json_to({"type": "ping"})
    assert await sock.receive_json_from() == {"type": "pong"}
    # Deleted behind the services' back: no event reaches the socket.
    await database_sync_to_async(Membership.objects.filter(user=member, group=group).delete)()
    await asyncio.sleep(0.6)
    await database_sync_to_async(create_reply)(author=director, topic=topic, body="Po")
    assert await sock.receive_nothing(timeout=0.5)
    await sock.disconnect()
