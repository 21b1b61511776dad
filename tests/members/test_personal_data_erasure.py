"""Erasure of what a member wrote for others: forum posts and topics, chat messages, others'
notifications. Real services, pages, feeds, search and sockets."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forum.models import Category, Post, PostRevision, Reaction, Topic
from forum.search import match_posts
from forum.services import activity, posting
from members.models import Notification
from members.services.personal_data import (
    deleted_member_name,
    erase_account,
    export_personal_data,
)
from network.chat import services as chat
from network.core.search_words import query_terms
from network.models import Message
from tests.forum.factories import CategoryFactory, PostFactory
from tests.members.factories import UserFactory
from tests.network.chat_factories import conversation
from tests.network.test_chat_consumer import connect, subscribe

REMOVED = "Ten wpis usunięto, gdy autor usunął swoje konto."


@pytest.fixture(autouse=True)
def forum_settings(settings):
    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    settings.FORUM_POSTS_PER_MINUTE = 0


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_erasing_removes_the_forum_text_and_keeps_the_discussion(client):
    member, other = UserFactory(), UserFactory()
    category = CategoryFactory()
    solo = posting.create_topic(
        author=member, category=category, title="Samotne kaktusy", body="Nikt nie odpisał."
    )
    started = posting.create_topic(
        author=member, category=category, title="Wspólne czytanie", body="Zapraszam: ogórecznik."
    )
    posting.create_reply(author=other, topic=started, body="Chętnie przyjdę.")
    theirs = posting.create_topic(
        author=other, category=category, title="Warsztaty druku", body="Kto ma drukarkę?"
    )
    reply = posting.create_reply(author=member, topic=theirs, body="Mam, model bazyliszek.")
    posting.edit_post(editor=member, post=reply, body="Mam drukarkę, model szczypiorek.")
    posting.create_reply(author=other, topic=theirs, body="Dziękuję!")
    activity.toggle_reaction(user=member, post=theirs.first_post, kind="like")
    held = PostFactory(topic=theirs, author=member, body="Czeka na moderację.", is_held=True)
    assert PostRevision.objects.filter(post=reply).exists()
    full_name = member.get_full_name()

    erase_account(user=member)

    # The solo topic is gone, with its posts; the category counts what is left.
    assert not Topic.objects.filter(pk=solo.pk).exists()
    assert not Post.objects.filter(topic_id=solo.pk).exists()
    category.refresh_from_db()
    assert category.topic_count == 2
    assert category.post_count == 5
    assert not Category.objects.filter(last_topic_id=solo.pk).exists()
    # The others' discussions keep every post, the member's without text or earlier versions.
    assert Post.objects.filter(topic=theirs).count() == 3
    assert not Post.objects.filter(pk=held.pk).exists()
    assert not PostRevision.objects.filter(post=reply).exists()
    assert not Reaction.objects.filter(user=member).exists()
    started.refresh_from_db()
    assert started.title == "Wspólne czytanie"

    for topic in (started, theirs):
        page = text_of(client.get(topic.get_absolute_url()))
        assert REMOVED in page
        assert deleted_member_name("pl") in page
        for word in ("ogórecznik", "bazyliszek", "szczypiorek", full_name):
            assert word not in page
        assert "Chętnie przyjdę." in page or "Dziękuję!" in page

    history = text_of(client.get(reverse("forum:post_history", args=[reply.pk])))
    assert "bazyliszek" not in history
    assert "szczypiorek" not in history
    assert REMOVED in history

    for word in ("ogórecznik", "szczypiorek", "bazyliszek", "kaktusy"):
        found = text_of(client.get("/pl/search/", {"q": word}))
        assert f"<mark>{word}" not in found.lower()
        assert reverse("forum:post", args=[reply.pk]) not in found
    # The kept title still leads to the topic the others replied under.
    found = text_of(client.get("/pl/search/", {"q": "czytanie"}))
    assert "<mark>czytanie</mark>" in found
    assert REMOVED in found

    feed = text_of(client.get(reverse("forum:topic_feed", args=[theirs.pk])))
    assert "szczypiorek" not in feed
    assert "bazyliszek" not in feed
    assert full_name not in feed
    assert REMOVED in feed
    category_feed = text_of(client.get(reverse("forum:category_feed", args=[category.slug])))
    assert "ogórecznik" not in category_feed
    assert "kaktusy" not in category_feed.lower()


@pytest.mark.django_db
def test_the_stored_search_document_and_vector_no_longer_match_the_removed_text():
    """On PostgreSQL the match is on the stored tsvector, generated from the emptied document."""
    member, other = UserFactory(), UserFactory()
    topic = posting.create_topic(
        author=member, category=CategoryFactory(), title="Spotkanie sąsiedzkie", body="Kto?"
    )
    posting.create_reply(author=other, topic=topic, body="Ja.")
    reply = posting.create_reply(author=member, topic=topic, body="Przyniosę rabarbar.")
    assert list(match_posts(Post.objects.all(), query_terms("rabarbar"))) == [reply]

    erase_account(user=member)

    reply.refresh_from_db()
    assert (reply.body, reply.body_html, reply.search_document) == ("", "", "")
    assert not match_posts(Post.objects.all(), query_terms("rabarbar")).exists()
    assert not match_posts(Post.objects.all(), query_terms("kto")).exists()
    # The opening post is still found by the title the others replied under.
    found = match_posts(Post.objects.all(), query_terms("sąsiedzkie"))
    assert list(found) == [Post.objects.get(pk=topic.first_post_id)]


@pytest.mark.django_db
def test_others_notifications_no_longer_name_the_erased_member_and_their_export_is_whole():
    member, other = UserFactory(first_name="Bożydar", last_name="Kwiatkowski"), UserFactory()
    topic = posting.create_topic(
        author=other, category=CategoryFactory(), title="Kompostownik", body="Jak zacząć?"
    )
    posting.create_reply(author=member, topic=topic, body="Od skorupek jajek.")
    before = export_personal_data(other)
    note = Notification.objects.get(recipient=other)
    assert "Bożydar Kwiatkowski" in note.title

    erase_account(user=member)

    note.refresh_from_db()
    assert "Bożydar" not in note.title
    assert note.title.startswith(deleted_member_name(other.language))
    after = export_personal_data(other)
    assert after["forum/posts"] == before["forum/posts"]
    assert after["forum/topics"] == before["forum/topics"]
    assert [n["url"] for n in after["notifications"]["notifications"]] == [note.url]


@database_sync_to_async
def chat_between(member, other):
    room = conversation(other, member)
    chat.post_message(room=room, author=other, body="Kiedy zebranie?", client_id="a1")
    chat.post_message(room=room, author=member, body="Jutro o rumianku.", client_id="b1")
    chat.post_message(room=room, author=other, body="Dobrze.", client_id="a2")
    return room


@database_sync_to_async
def room_page(user, room):
    client = Client()
    client.force_login(user)
    with translation.override("pl"):
        return text_of(client.get(reverse("chat:room", kwargs={"room_id": room.pk})))


@pytest.mark.django_db(transaction=True)
async def test_erasing_removes_chat_text_from_the_room_page_and_the_replay():
    member = await database_sync_to_async(UserFactory)()
    other = await database_sync_to_async(UserFactory)()
    room = await chat_between(member, other)
    full_name = member.get_full_name()

    await database_sync_to_async(erase_account)(user=member)

    page = await room_page(other, room)
    assert "rumianku" not in page
    assert full_name not in page
    assert "Kiedy zebranie?" in page
    assert deleted_member_name("pl") in page

    socket = await connect(other)
    frames = await subscribe(socket, room, after=0)
    await socket.disconnect()
    assert [(f["type"], f.get("message")) for f in frames if f["type"] == "deleted"] == [
        ("deleted", 2)
    ]
    assert [f["message"]["id"] for f in frames if f["type"] == "message"] == [1, 3]
    assert "rumianku" not in str(frames)
    assert full_name not in str(frames)
    stored = await database_sync_to_async(Message.objects.get)(room=room, seq=2)
    assert (stored.body, stored.body_html, stored.is_deleted) == ("", "", True)
