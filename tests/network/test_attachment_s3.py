"""Attachments kept in an S3-compatible bucket (ATTACHMENT_STORAGE=s3): the same access check,
then a redirect to a short-lived signed address. Run against a real S3 HTTP server (moto's
standalone server on a free port), reached by django-storages over HTTP like any other bucket."""

import io
import socket
import zipfile
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.urls import reverse
from moto.server import ThreadedMotoServer

from forum.services.categories import ensure_group_category
from forum.services.posting import delete_post
from members.services.data_exports import write_archive
from members.services.personal_data import erase_account
from network.attachments import services
from network.attachments.services import Choice
from network.models import Attachment, Visibility
from tests.forum.factories import CategoryFactory, PostFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.network import sample_files as files
from tests.network.factories import GroupFactory, MembershipFactory

BUCKET = "attachments"


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.ATTACHMENT_STORAGE = "s3"
    settings.ATTACHMENT_S3_URL_SECONDS = 30
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": True,
            },
        },
    }
    yield client
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    for key in keys:
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def attach_to_post(post, data, name):
    upload = services.upload_file(user=post.author, upload=files.upload(data, name))
    (attachment,) = services.attach(
        user=post.author, choice=Choice([upload.pk], {}, {}, set()), post=post
    )
    return attachment


@pytest.fixture
def secret_post(db):
    group = GroupFactory(visibility=Visibility.SECRET)
    director = UserFactory()
    MembershipFactory(user=director, group=group)
    topic = TopicFactory(category=ensure_group_category(group=group), author=director)
    return director, topic.first_post


def test_an_upload_through_the_composer_is_stored_in_the_bucket(client, bucket, db):
    topic = TopicFactory(category=CategoryFactory())
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        reverse("attachments:upload"),
        {"target": f"topic:{topic.pk}", "file": files.upload(files.pdf(), "regulamin.pdf")},
    )
    assert response.status_code == 201
    attachment = Attachment.objects.get(pk=response.json()["files"][0]["id"])
    assert keys(bucket) == [f"{attachment.folder}/file"]
    assert bucket.get_object(Bucket=BUCKET, Key=f"{attachment.folder}/file")["Body"].read() == (
        files.pdf()
    )


def test_a_reader_is_sent_to_a_short_lived_address_that_serves_the_download(
    client, bucket, secret_post
):
    director, post = secret_post
    sheet = files.xlsx()
    attachment = attach_to_post(post, sheet, "budżet 2027.xlsx")
    client.force_login(director)
    response = client.get(attachment.url())
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["30"]
    fetched = requests.get(signed, timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == sheet
    assert fetched.headers["Content-Type"] == attachment.content_type
    assert fetched.headers["Content-Disposition"].startswith("attachment;")
    assert "bud%C5%BCet%202027.xlsx" in fetched.headers["Content-Disposition"]
    assert fetched.headers["Cache-Control"] == "private, max-age=0"


def test_images_are_sent_inline_with_their_image_type(client, bucket, db):
    post = PostFactory(topic=TopicFactory(category=CategoryFactory()))
    attachment = attach_to_post(post, files.png(), "plakat.png")
    for url in (attachment.url(), attachment.thumb_url):
        response = client.get(url)
        assert response.status_code == 302
        fetched = requests.get(response["Location"], timeout=10)
        assert fetched.status_code == 200
        assert fetched.headers["Content-Type"] == "image/png"
        assert fetched.headers["Content-Disposition"].startswith("inline")


def test_outsiders_get_a_404_and_no_address(client, bucket, secret_post):
    _director, post = secret_post
    attachment = attach_to_post(post, files.pdf(), "plan.pdf")
    for user in (None, UserFactory()):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(attachment.url())
        assert response.status_code == 404
        assert "Location" not in response
        assert b"X-Amz" not in response.content


def test_deleting_a_reply_removes_its_objects_and_thumbnails(
    bucket, db, django_capture_on_commit_callbacks
):
    topic = TopicFactory(category=CategoryFactory())
    reply = PostFactory(topic=topic)
    kept = attach_to_post(topic.first_post, files.pdf(), "zostaje.pdf")
    photo = attach_to_post(reply, files.png(1600, 1200), "zdjecie.png")
    assert len([k for k in keys(bucket) if k.startswith(photo.folder)]) == 3  # with thumbnails
    with django_capture_on_commit_callbacks(execute=True):
        delete_post(actor=reply.author, post=reply)
    assert keys(bucket) == [f"{kept.folder}/file"]


def test_an_erased_account_leaves_nothing_in_the_bucket(
    bucket, db, django_capture_on_commit_callbacks
):
    ala = UserFactory()
    topic = TopicFactory(author=ala, category=CategoryFactory())
    attach_to_post(topic.first_post, files.png(), "zdjecie.png")
    services.upload_file(user=ala, upload=files.upload(files.pdf(), "szkic.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(user=ala)
    assert keys(bucket) == []


def test_the_data_download_carries_files_from_the_bucket(bucket, db):
    ala = UserFactory()
    topic = TopicFactory(author=ala, category=CategoryFactory())
    report = files.pdf()
    attach_to_post(topic.first_post, report, "sprawozdanie.pdf")
    buffer = io.BytesIO()
    write_archive(ala, buffer)
    with zipfile.ZipFile(buffer) as archive:
        (path,) = [n for n in archive.namelist() if n.startswith("files/attachments/")]
        assert archive.read(path) == report
