"""Reading an attachment: whoever may read a post or message that references it, decided at each
request from that content (a moved topic's files follow it at once), with the download headers a
browser must not be able to run anything from."""

import pytest
from django.urls import reverse

from forum.services.categories import ensure_group_category
from forum.services.moderation import move_topic
from network.attachments import services
from network.attachments.services import Choice
from network.chat.services import delete_message, post_message
from network.models import Membership, Visibility
from tests.forum.factories import CategoryFactory, PostFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.network import sample_files as files
from tests.network.chat_factories import conversation
from tests.network.factories import GroupFactory, MembershipFactory


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def attach_to_post(post, data=None, name="plakat.png"):
    upload = services.upload_file(user=post.author, upload=files.upload(data or files.png(), name))
    (attachment,) = services.attach(
        user=post.author, choice=Choice([upload.pk], {}, {}, set()), post=post
    )
    return attachment


@pytest.fixture
def secret(db):
    group = GroupFactory(visibility=Visibility.SECRET)
    director = UserFactory()
    MembershipFactory(user=director, group=group)
    topic = TopicFactory(category=ensure_group_category(group=group), author=director)
    return group, director, topic


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_a_public_posts_image_is_shown_inline_to_everyone_and_may_be_cached(client, db):
    topic = TopicFactory(category=CategoryFactory())
    attachment = attach_to_post(topic.first_post)
    for url in (attachment.url(), attachment.display_url, attachment.thumb_url):
        response = get(client, None, url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("inline")
        assert response["Cache-Control"].startswith("public")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_document_is_always_a_download(client, db):
    topic = TopicFactory(category=CategoryFactory())
    attachment = attach_to_post(topic.first_post, files.pdf(), "Regulamin.pdf")
    response = get(client, None, attachment.url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "Regulamin.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == files.pdf()
    # A document has no display size or thumbnail.
    assert get(client, None, attachment.url("display")).status_code == 404


def test_a_secret_groups_file_is_a_404_for_everyone_else_and_private_for_members(client, secret):
    group, director, topic = secret
    attachment = attach_to_post(topic.first_post, files.xlsx(), "budżet.xlsx")
    outsider = UserFactory()
    former = UserFactory()
    MembershipFactory(user=former, group=group)
    Membership.objects.filter(user=former).delete()
    for user in (None, outsider, former):
        assert get(client, user, attachment.url()).status_code == 404
    response = get(client, director, attachment.url())
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    staff = UserFactory(is_staff=True)
    assert get(client, staff, attachment.url()).status_code == 200


def test_a_moved_topics_files_follow_its_new_visibility_at_once(client, secret):
    group, director, _topic = secret
    public_topic = TopicFactory(category=CategoryFactory())
    attachment = attach_to_post(public_topic.first_post)
    assert get(client, None, attachment.url()).status_code == 200
    move_topic(
        actor=UserFactory(is_staff=True),
        topic=public_topic,
        target=ensure_group_category(group=group),
    )
    assert get(client, None, attachment.url()).status_code == 404
    assert get(client, UserFactory(), attachment.url()).status_code == 404
    assert get(client, director, attachment.url()).status_code == 200


def test_a_hidden_posts_file_is_hidden_with_it(client, db):
    topic = TopicFactory(category=CategoryFactory())
    reply = PostFactory(topic=topic, is_hidden=True)
    attachment = attach_to_post(reply)
    assert get(client, None, attachment.url()).status_code == 404
    assert get(client, UserFactory(), attachment.url()).status_code == 404


def test_an_upload_attached_to_nothing_is_its_uploaders_only(client, db):
    ala = UserFactory()
    attachment = services.upload_file(user=ala, upload=files.upload(files.png(), "a.png"))
    assert get(client, ala, attachment.url()).status_code == 200
    assert get(client, UserFactory(), attachment.url()).status_code == 404
    assert get(client, None, attachment.url()).status_code == 404


def test_a_conversations_file_is_read_by_its_members_only(client, db):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    upload = services.upload_file(user=ala, upload=files.upload(files.pdf(), "plan.pdf"))
    result = post_message(
        room=room,
        author=ala,
        body="Plan",
        client_id="c1",
        attachments=Choice([upload.pk], {}, {}, set()),
    )
    url = upload.url()
    assert get(client, ola, url).status_code == 200
    assert get(client, ala, url)["Cache-Control"].startswith("private")
    assert get(client, UserFactory(), url).status_code == 404
    assert get(client, UserFactory(is_staff=True), url).status_code == 404
    assert get(client, None, url).status_code == 404
    delete_message(message=result.message, by=ala)
    assert get(client, ola, url).status_code == 404


def test_behind_nginx_the_view_checks_and_the_web_server_sends(client, db, settings):
    settings.FILE_SERVING = "nginx"
    topic = TopicFactory(category=CategoryFactory())
    attachment = attach_to_post(topic.first_post)
    response = get(client, None, attachment.url())
    assert response["X-Accel-Redirect"] == (
        f"/internal/private/{attachment.folder}/{attachment.full_name}"
    )
    assert response.content == b""


def test_ids_that_cannot_exist_are_simply_not_found(client, db):
    url = reverse("attachments:file", kwargs={"pk": 10**30, "variant": "full", "name": "x.png"})
    assert get(client, None, url).status_code == 404
