"""Attachments in the forum: the no-JavaScript file field on the reply, topic and edit forms, the
upload endpoint's checks, rendering, deletion and search by file name."""

import pytest
from django.urls import reverse

from forum.models import Post, Subscription, Topic
from members.models import Delivery, NotificationKind, NotificationPreference
from network.models import Attachment
from tests.email_files import body, read_emails
from tests.forum.factories import PostFactory
from tests.network import sample_files as files


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def photos(count: int) -> list:
    return [files.upload(files.png(60, 40), f"noc-bibliotek-{n}.png") for n in range(1, count + 1)]


def stored(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_three_photos_and_a_pdf_in_a_reply_show_inline_and_as_a_download(client, topic, other):
    client.force_login(other)
    response = client.post(
        reverse("forum:reply", args=[topic.pk]),
        {
            "body": "Zdjęcia z Nocy Bibliotek i regulamin.",
            "files": [*photos(3), files.upload(files.pdf(), "regulamin.pdf")],
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(topic=topic, author=other)
    names = [a.name for a in post.attachments.all()]
    assert names == [
        "noc-bibliotek-1.png",
        "noc-bibliotek-2.png",
        "noc-bibliotek-3.png",
        "regulamin.pdf",
    ]
    page = client.get(reverse("forum:topic", args=[topic.pk])).text
    for attachment in post.attachments.all()[:3]:
        assert f'src="{attachment.display_url}"' in page
    assert "regulamin.pdf" in page
    assert 'class="attachment-card"' in page


def test_a_refused_file_in_a_batch_is_named_and_the_batch_leaves_nothing(
    client, topic, other, private_root
):
    client.force_login(other)
    url = reverse("forum:reply", args=[topic.pk])
    response = client.post(
        url,
        {
            "body": "Plakaty",
            "files": [*photos(2), files.upload(files.HTML, "plakat.png")],
        },
    )
    assert response.status_code == 400
    assert "plakat.png" in response.text
    assert "Plakaty" in response.text
    assert not Post.objects.filter(author=other).exists()
    assert not Attachment.objects.exists()
    # Sent again without the refused file: the post gets the two photos.
    response = client.post(url, {"body": "Plakaty", "files": photos(2)})
    assert response.status_code == 302
    post = Post.objects.get(author=other)
    names = [a.name for a in post.attachments.all()]
    assert names == ["noc-bibliotek-1.png", "noc-bibliotek-2.png"]


def test_files_stored_before_another_error_in_the_form_wait_in_it(client, topic, other):
    client.force_login(other)
    url = reverse("forum:reply", args=[topic.pk])
    response = client.post(url, {"body": "", "files": photos(2)})
    assert response.status_code == 400
    waiting = list(Attachment.objects.filter(uploader=other))
    assert len(waiting) == 2
    for attachment in waiting:
        assert f'name="attachments" value="{attachment.pk}"' in response.text
    # Sent again with what the form carried: the post gets the two files.
    response = client.post(
        url,
        {
            "body": "Plakaty",
            "attachments": [a.pk for a in waiting],
            f"alt-{waiting[0].pk}": "Plakat Nocy Bibliotek",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(author=other)
    assert [a.pk for a in post.attachments.all()] == [a.pk for a in waiting]
    assert post.attachments.all()[0].alt_text == "Plakat Nocy Bibliotek"


def test_a_quota_reached_mid_batch_stores_nothing_and_keeps_the_text(
    client, topic, other, settings
):
    settings.ATTACHMENT_DAILY_COUNT = 1
    client.force_login(other)
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Dwa zdjęcia", "files": photos(2)}
    )
    assert response.status_code == 400
    assert "noc-bibliotek-2.png" in response.text
    assert "Dwa zdjęcia" in response.text
    assert not Attachment.objects.exists()
    assert not Post.objects.filter(author=other).exists()


def test_the_composer_shows_the_limits_before_they_are_reached(client, topic, other, settings):
    settings.ATTACHMENT_DAILY_COUNT = 5
    client.force_login(other)
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": "x", "files": photos(2)})
    page = client.get(reverse("forum:reply", args=[topic.pk])).text
    assert 'type="file"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'data-left-count="3"' in page


def test_a_new_topic_takes_files_too(client, category, other):
    client.force_login(other)
    response = client.post(
        reverse("forum:new_topic", args=[category.slug]),
        {
            "title": "Scenariusz warsztatów",
            "body": "W załączniku.",
            "files": [files.upload(files.odt(), "scenariusz.odt")],
        },
    )
    assert response.status_code == 302
    topic = Topic.objects.get(title="Scenariusz warsztatów")
    assert [a.name for a in topic.first_post.attachments.all()] == ["scenariusz.odt"]


def test_the_edit_form_sets_alt_text_and_removes_files(
    client, topic, member, private_root, django_capture_on_commit_callbacks
):
    client.force_login(member)
    url = reverse("forum:edit_post", args=[topic.first_post_id])
    client.post(url, {"title": topic.title, "body": "Treść", "files": photos(2)})
    first, second = topic.first_post.attachments.all()
    page = client.get(url).text
    assert f'id="alt-{first.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": topic.title,
                "body": "Treść",
                "attachments": [first.pk, second.pk],
                f"alt-{first.pk}": "Czytelnicy w bibliotece nocą",
                "remove_attachment": [second.pk],
            },
        )
    assert response.status_code == 302
    assert [(a.pk, a.alt_text) for a in topic.first_post.attachments.all()] == [
        (first.pk, "Czytelnicy w bibliotece nocą")
    ]
    assert not (private_root / second.folder).exists()
    assert 'alt="Czytelnicy w bibliotece nocą"' in client.get(topic.get_absolute_url()).text


def test_someone_elses_upload_cannot_be_attached(client, topic, other, member):
    client.force_login(member)
    client.post(reverse("attachments:upload"), {"target": f"topic:{topic.pk}", "file": photos(1)})
    theirs = Attachment.objects.get(uploader=member)
    client.force_login(other)
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Cudze", "attachments": [theirs.pk]}
    )
    assert response.status_code == 400
    assert not Post.objects.filter(author=other).exists()
    assert Attachment.objects.get(pk=theirs.pk).post_id is None


def test_the_upload_endpoint_answers_json_and_checks_the_target(client, topic, other, staff):
    url = reverse("attachments:upload")
    client.force_login(other)
    response = client.post(url, {"target": f"topic:{topic.pk}", "file": photos(1)})
    assert response.status_code == 201
    (described,) = response.json()["files"]
    assert described["name"] == "noc-bibliotek-1.png"
    assert described["kind"] == "image"
    # A locked topic takes no replies, so no uploads: the reason is given.
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    response = client.post(url, {"target": f"topic:{topic.pk}", "file": photos(1)})
    assert response.status_code == 403
    assert response.json()["error"] == "Ten temat jest zamknięty: nie można dodawać odpowiedzi."
    assert client.post(url, {"target": "topic:999999", "file": photos(1)}).status_code == 404
    assert client.post(url, {"target": "nowhere:1", "file": photos(1)}).status_code == 404
    response = client.post(
        url,
        {
            "target": f"category:{topic.category.slug}",
            "file": [files.upload(files.SVG_WITH_SCRIPT, "a.svg")],
        },
    )
    assert response.status_code == 400
    assert "a.svg" in response.json()["error"]
    client.logout()
    assert client.post(url, {"target": f"topic:{topic.pk}", "file": photos(1)}).status_code == 403


def test_deleting_a_reply_removes_its_files(
    client, topic, other, private_root, django_capture_on_commit_callbacks
):
    client.force_login(other)
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Zdjęcie", "files": photos(1)})
    post = Post.objects.get(author=other)
    assert stored(private_root)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:delete_post", args=[post.pk]))
    assert not Attachment.objects.exists()
    assert stored(private_root) == []


def test_search_finds_a_post_by_its_attachments_file_name(client, topic, other):
    client.force_login(other)
    client.post(
        reverse("forum:reply", args=[topic.pk]),
        {
            "body": "W załączniku.",
            "files": [files.upload(files.xlsx(), "budzet_dyrektorow_2026.xlsx")],
        },
    )
    post = Post.objects.get(author=other)
    response = client.get("/pl/search/?q=dyrektorow")
    assert f"#post-{post.pk}" in response.text or f"/forum/p/{post.pk}/" in response.text


def test_a_visitor_sees_the_files_but_no_file_field(client, topic):
    reply = PostFactory(topic=topic)
    client.force_login(reply.author)
    client.post(reverse("forum:edit_post", args=[reply.pk]), {"body": "Plakat", "files": photos(1)})
    client.logout()
    page = client.get(topic.get_absolute_url()).text
    assert 'type="file"' not in page
    assert reply.attachments.get().display_url in page


def test_the_e_mail_about_a_reply_says_it_has_files_but_carries_none(
    client, topic, member, other, settings, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=member, kind=NotificationKind.REPLY, delivery=Delivery.EMAIL
    )
    Subscription.objects.create(user=member, topic=topic)
    member.language = "en"
    member.save(update_fields=["language"])
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forum:reply", args=[topic.pk]),
            {"body": "Budżet", "files": [files.upload(files.xlsx(), "budzet.xlsx")]},
        )
    (mail,) = read_emails(settings.EMAIL_FILE_PATH)
    text = body(mail, "plain")
    assert "/files/" not in text
    assert "budzet.xlsx" not in text
    assert not list(mail.iter_attachments())
    assert "with 1 attachment" in text
