import pytest
from django.utils import translation

from forum.models import Subscription
from forum.services.moderation import approve_post
from forum.services.posting import create_reply, create_topic
from members.models import Notification, NotificationKind
from network.models import Visibility
from tests.forum.factories import CategoryFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.network.factories import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(topic):
    # A topic started through the service is watched by its author.
    Subscription.objects.create(user=topic.author, topic=topic)
    return topic


def test_a_mentioned_member_is_notified_once_as_a_mention(topic, other):
    named = UserFactory(username="ola")
    Subscription.objects.create(user=named, topic=topic)
    reply = create_reply(author=other, topic=topic, body="Co myślisz, @ola? @ola. @nikt")
    notifications = Notification.objects.filter(recipient=named)
    assert [(n.kind, n.url) for n in notifications] == [
        (NotificationKind.MENTION, f"/forum/p/{reply.pk}/")
    ]


def test_watchers_of_the_topic_and_its_category_hear_of_replies(topic, member, other):
    category_watcher = UserFactory()
    Subscription.objects.create(user=category_watcher, category=topic.category)
    create_reply(author=other, topic=topic, body="Odpowiedź")
    kinds = dict(Notification.objects.values_list("recipient_id", "kind"))
    # The topic's author watches it from the start; the replier is not told of their own post.
    assert kinds == {member.pk: "reply", category_watcher.pk: "reply"}


def test_a_new_topic_is_announced_to_category_watchers(category, member):
    watcher = UserFactory(language="en")
    Subscription.objects.create(user=watcher, category=category)
    create_topic(author=member, category=category, title="Warsztaty", body="Zapraszam")
    with translation.override("en"):
        assert watcher.notifications.get().title.startswith("New topic “Warsztaty”")


def test_nobody_is_notified_about_a_topic_they_may_not_see(member, staff):
    hidden = CategoryFactory(is_hidden=True)
    topic = TopicFactory(category=hidden, author=staff)
    outsider = UserFactory(username="outsider")
    Subscription.objects.create(user=outsider, category=hidden)
    Subscription.objects.create(user=outsider, topic=topic)
    create_reply(author=staff, topic=topic, body="@outsider zobacz")
    assert not outsider.notifications.exists()


def test_mentions_of_members_outside_a_group_notify_nobody(staff):
    topic = TopicFactory(category=CategoryFactory(owner=GroupFactory(visibility=Visibility.SECRET)))
    outsider = UserFactory(username="zewn")
    create_reply(author=staff, topic=topic, body="@zewn tu jesteś?")
    assert not outsider.notifications.exists()


def test_a_held_post_notifies_only_when_a_moderator_approves_it(settings, topic, member, staff):
    settings.FORUM_NEW_ACCOUNT_DAYS = 2
    newcomer = UserFactory()
    reply = create_reply(author=newcomer, topic=topic, body="Pierwszy post")
    assert reply.is_held
    assert not member.notifications.exists()
    approve_post(actor=staff, post=reply)
    assert member.notifications.get().kind == "reply"


def test_a_reply_made_in_polish_reads_in_english_for_an_english_reader_and_back(
    client, topic, other
):
    with translation.override("pl"):
        post = create_reply(author=other, topic=topic, body="Hej")
    client.force_login(topic.author)
    english = client.get("/en/notifications/").content.decode()
    assert f"{post.author_name} replied in “{topic.title}”" in english
    assert "odpowiedział" not in english
    with translation.override("en"):
        create_reply(author=other, topic=topic, body="Hi")
    polish = client.get("/pl/notifications/").content.decode()
    assert f"{post.author_name} odpowiedział(a) w „{topic.title}”" in polish
    assert "replied in" not in polish
