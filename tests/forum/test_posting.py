from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from forum.models import Category, Post, PostRevision, Subscription, Tag, Topic
from forum.services import counters, posting
from forum.services.posting import create_reply, create_topic, delete_post, edit_post, mark_answer
from members.models import Profile
from tests.forum.factories import CategoryFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.profile_factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_a_member_starts_a_topic_with_tags_and_watches_it(member, category):
    topic = create_topic(
        author=member,
        category=category,
        title="  Noc   Bibliotek  ",
        body="**Pomysły?**",
        tags=["Noc bibliotek", "noc  bibliotek", "Klimat"],
    )
    assert topic.title == "Noc Bibliotek"
    assert topic.first_post.body_html == "<p><strong>Pomysły?</strong></p>\n"
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["klimat", "noc-bibliotek"]
    assert Subscription.objects.filter(user=member, topic=topic).exists()
    category.refresh_from_db()
    assert (category.topic_count, category.post_count, category.last_topic) == (1, 1, topic)


def test_a_reply_updates_the_counters_in_the_same_transaction(topic, other):
    reply = create_reply(author=other, topic=topic, body="Zgadzam się.")
    topic.refresh_from_db()
    topic.category.refresh_from_db()
    assert topic.reply_count == 1
    assert topic.last_post == reply
    assert topic.last_poster_name == other.get_full_name()
    assert topic.category.post_count == 2
    assert topic.category.last_post_id == reply.pk


@pytest.mark.parametrize("body", ["", "   \n  ", "\x00"])
def test_an_empty_post_is_refused_and_nothing_is_saved(topic, other, body):
    with pytest.raises(ValidationError) as error:
        create_reply(author=other, topic=topic, body=body)
    assert "body" in error.value.message_dict
    assert Post.objects.count() == 1


def test_a_100_kb_post_is_refused_and_nothing_is_saved(category, member):
    with pytest.raises(ValidationError):
        create_topic(author=member, category=category, title="Długi", body="x" * 100_000)
    assert not Topic.objects.exists()
    assert not Post.objects.exists()


def test_a_title_must_have_some_words(category, member):
    with pytest.raises(ValidationError) as error:
        create_topic(author=member, category=category, title=" a ", body="Treść")
    assert "title" in error.value.message_dict


INJECTIONS = [
    "<script>alert(1)</script>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](java\tscript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)",
    "[x](data:text/html,<script>alert(1)</script>)",
    '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)'>x</a>",
    "<svg><script>alert(1)</script></svg>",
    "<<script>script>alert(1)<</script>/script>",
    "[<img src=x onerror=alert(1)>](https://example.org)",
    '![x" onerror="alert(1)](/media/a.png)',
    "<iframe src='https://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    "`<script>` and ```\n<script>alert(1)</script>\n```",
    "> <details open ontoggle=alert(1)>",
    "[x](vbscript:msgbox(1))",
]


class ActiveContent(HTMLParser):
    """Collects every element and attribute that could run or load something."""

    SAFE_TAGS = {"p", "a", "img", "code", "pre", "blockquote", "em", "strong", "ul", "li"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.SAFE_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcset"):
                self.found.append(name)
            if name in ("href", "src") and not value.startswith(("https:", "/media/")):
                self.found.append(f"{name}={value}")


@pytest.mark.parametrize("body", INJECTIONS)
def test_no_script_survives_markdown(topic, other, body):
    parser = ActiveContent()
    parser.feed(create_reply(author=other, topic=topic, body=body).body_html)
    assert parser.found == []


def test_links_are_nofollow_and_images_come_only_from_our_uploads(topic, other):
    body = "[site](https://example.org) ![ok](/media/a.png) ![no](https://tracker.example/p.gif)"
    html = create_reply(author=other, topic=topic, body=body).body_html
    assert 'rel="nofollow ugc noopener"' in html
    assert 'src="/media/a.png"' in html
    assert "tracker.example" not in html


def test_markdown_keeps_code_quotes_lists_and_tables(topic, other):
    body = "> cytat\n\n- a\n- b\n\n```\nkod\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    html = create_reply(author=other, topic=topic, body=body).body_html
    for tag in ("<blockquote>", "<ul>", "<pre><code>", "<table>"):
        assert tag in html


def test_replies_to_locked_or_hidden_topics_are_refused(category, member, other):
    for state in ({"is_locked": True}, {"is_hidden": True}, {"is_deleted": True}):
        topic = TopicFactory(category=category, author=member, **state)
        with pytest.raises(PermissionDenied):
            create_reply(author=other, topic=topic, body="Hej")
    assert Post.objects.filter(author=other).count() == 0


def test_a_moderator_may_reply_to_a_locked_topic(category, member, staff):
    topic = TopicFactory(category=category, author=member, is_locked=True)
    assert create_reply(author=staff, topic=topic, body="Zamykam dyskusję.").pk


def test_an_unverified_member_may_not_post(topic, unverified):
    with translation.override("en"), pytest.raises(PermissionDenied, match="Verify"):
        create_reply(author=unverified, topic=topic, body="Hej")


def test_editing_keeps_the_earlier_version_in_the_history(topic, member):
    post = topic.first_post
    edit_post(editor=member, post=post, body="Nowa *treść*", title="Nowy tytuł")
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.body_html == "<p>Nowa <em>treść</em></p>\n"
    assert post.edit_count == 1
    assert topic.title == "Nowy tytuł"
    revision = PostRevision.objects.get(post=post)
    assert revision.body == "Treść tematu."
    assert revision.editor_name == member.get_full_name()
    assert "nowy" in post.search_document


def test_an_unchanged_edit_leaves_no_revision(topic, member):
    edit_post(editor=member, post=topic.first_post, body=topic.first_post.body)
    assert not PostRevision.objects.exists()


def test_someone_else_may_not_edit_a_post(topic, other):
    with pytest.raises(PermissionDenied):
        edit_post(editor=other, post=topic.first_post, body="Przejęte")


def test_deleting_a_reply_is_soft_and_fixes_the_counters(topic, member, other):
    reply = create_reply(author=other, topic=topic, body="Pomyłka")
    delete_post(actor=other, post=reply)
    reply.refresh_from_db()
    topic.refresh_from_db()
    assert reply.is_deleted
    assert reply.deleted_by == other
    assert topic.reply_count == 0
    assert topic.last_post == topic.first_post


def test_deleting_the_first_post_deletes_the_topic(topic, member):
    delete_post(actor=member, post=topic.first_post)
    topic.refresh_from_db()
    topic.category.refresh_from_db()
    assert topic.is_deleted
    assert topic.category.topic_count == 0


def test_the_question_author_marks_and_clears_an_answer(category, member, other):
    question = create_topic(
        author=member, category=category, title="Jak?", body="Pytam", is_question=True
    )
    answer = create_reply(author=other, topic=question, body="Tak.")
    mark_answer(actor=member, topic=question, post=answer)
    question.refresh_from_db()
    assert question.answer == answer
    assert other.notifications.filter(kind="answer").exists()
    mark_answer(actor=member, topic=question, post=None)
    question.refresh_from_db()
    assert question.answer is None


def test_posts_keep_their_author_name_after_the_account_is_gone(topic, other):
    reply = create_reply(author=other, topic=topic, body="Do widzenia")
    name = other.get_full_name()
    other.delete()
    reply.refresh_from_db()
    assert reply.author is None
    assert reply.author_name == name


def test_synchronise_rebuilds_counters_that_drifted(topic, other):
    create_reply(author=other, topic=topic, body="Jeden")
    create_reply(author=other, topic=topic, body="Dwa")
    Topic.objects.update(reply_count=99, last_poster_name="?")
    Category.objects.update(post_count=0, topic_count=0)
    assert counters.synchronise() == 1
    topic.refresh_from_db()
    topic.category.refresh_from_db()
    assert topic.reply_count == 2
    assert topic.last_poster_name == other.get_full_name()
    assert (topic.category.topic_count, topic.category.post_count) == (1, 3)


def test_forum_sync_command_reports_what_it_did(topic, capsys):
    from django.core.management import call_command

    call_command("forum_sync")
    assert "Synchronised 1 topics." in capsys.readouterr().out


def test_the_spam_guard_holds_a_new_accounts_first_posts(settings, category):
    settings.FORUM_NEW_ACCOUNT_DAYS = 2
    settings.FORUM_NEW_ACCOUNT_HELD_POSTS = 1
    newcomer = UserFactory()
    topic = create_topic(author=newcomer, category=category, title="Tanie kredyty", body="Spam")
    assert topic.is_held
    assert topic.first_post.is_held
    category.refresh_from_db()
    assert category.topic_count == 0
    from forum.services.moderation import approve_post

    approve_post(actor=UserFactory(is_staff=True), post=topic.first_post)
    topic.refresh_from_db()
    assert not topic.is_held
    # Once a post was approved, the member posts freely.
    assert not create_reply(author=newcomer, topic=topic, body="Dzięki").is_held


def test_posting_too_fast_is_refused_with_a_clear_error(settings, topic, other):
    settings.FORUM_POSTS_PER_MINUTE = 2
    create_reply(author=other, topic=topic, body="1")
    create_reply(author=other, topic=topic, body="2")
    with pytest.raises(posting.PostingTooFast, match="najwyżej 2 wpisy na minutę"):
        create_reply(author=other, topic=topic, body="3")
    assert Post.objects.filter(author=other).count() == 2


def test_a_reply_in_another_category_leaves_this_one_alone(topic, other):
    elsewhere = TopicFactory(category=CategoryFactory())
    create_reply(author=other, topic=elsewhere, body="Tam")
    topic.category.refresh_from_db()
    assert topic.category.post_count == 0


def test_a_mention_links_to_the_profile_when_the_author_may_see_it(client, topic, other):
    ProfileFactory(handle="ola-nowak")
    ProfileFactory(handle="ukryta", visibility=Profile.Visibility.NETWORKS)
    reply = create_reply(author=other, topic=topic, body="@ola-nowak, @ukryta: zobaczcie")
    assert (
        '<a href="/members/ola-nowak/" class="mention" rel="nofollow ugc noopener">@ola-nowak</a>'
        in reply.body_html
    )
    # A profile the author may not see stays a plain name, with no address to guess from.
    assert "@ukryta: zobaczcie" in reply.body_html
    # The link works from the topic page in the reader's language.
    client.force_login(other)
    page = client.get(reply.get_absolute_url(), follow=True)
    assert 'href="/members/ola-nowak/"' in page.content.decode()
    assert client.get("/members/ola-nowak/", follow=True).redirect_chain[-1][0] == (
        "/pl/members/ola-nowak/"
    )


def test_an_edit_links_mentions_as_a_new_post_does(topic, member):
    ProfileFactory(handle="ola-nowak")
    edited = edit_post(editor=member, post=topic.first_post, body="Dopisuję @ola-nowak")
    assert 'class="mention"' in edited.body_html


def test_a_held_post_shows_in_place_to_its_author_only_with_what_happens_next(
    settings, client, topic
):
    settings.FORUM_NEW_ACCOUNT_DAYS = 2
    settings.FORUM_NEW_ACCOUNT_HELD_POSTS = 1
    newcomer = UserFactory()
    post = create_reply(author=newcomer, topic=topic, body="Mój pierwszy wpis")
    assert post.is_held
    url = topic.get_absolute_url()
    client.force_login(newcomer)
    page = client.get(url).content.decode()
    assert "Mój pierwszy wpis" in page
    assert "Czeka na moderację" in page
    client.force_login(UserFactory())
    assert "Mój pierwszy wpis" not in client.get(url).content.decode()
    client.logout()
    assert "Mój pierwszy wpis" not in client.get(url).content.decode()


def test_accounts_made_by_an_operator_are_trusted_and_not_held(settings, category):
    from members.services.accounts import create_member

    settings.FORUM_NEW_ACCOUNT_DAYS = 2
    settings.FORUM_NEW_ACCOUNT_HELD_POSTS = 2
    member = create_member(email="nowa@example.org", password="x", validate=False, name="Ola Nowa")
    assert member.is_trusted
    topic = create_topic(author=member, category=category, title="Pierwszy", body="Od razu widać")
    assert not topic.is_held
