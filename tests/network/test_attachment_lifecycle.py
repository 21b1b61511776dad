"""An attachment's life: uploads attached to nothing are swept after a day; deleting a message,
a group or an account leaves no file behind; "download my data" carries the member's files."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from members.services.data_exports import write_archive
from members.services.personal_data import erase_account
from network.attachments import services
from network.attachments.services import Choice
from network.chat.services import ensure_group_room, post_message
from network.models import Attachment
from tests.forum.factories import TopicFactory
from tests.members.factories import UserFactory
from tests.network import sample_files as files
from tests.network.factories import GroupFactory, MembershipFactory


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def stored(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(user, data=None, name="zdjecie.png"):
    return services.upload_file(user=user, upload=files.upload(data or files.png(), name))


def attached(attachment) -> Choice:
    return Choice([attachment.pk], {}, {}, set())


def test_uploads_attached_to_nothing_for_a_day_are_removed_with_their_files(
    db, private_root, django_capture_on_commit_callbacks
):
    ala = UserFactory()
    old, fresh = upload(ala), upload(ala)
    kept = upload(ala)
    topic = TopicFactory(author=ala)
    services.attach(user=ala, choice=attached(kept), post=topic.first_post)
    Attachment.objects.filter(pk__in=[old.pk, kept.pk]).update(
        created=timezone.now() - timedelta(hours=25)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_orphan_attachments", stdout=io.StringIO())
    assert set(Attachment.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
    assert not (private_root / old.folder).exists()
    assert (private_root / fresh.folder).exists()


def test_the_sweep_runs_as_a_background_task(db, private_root):
    ala = UserFactory()
    old = upload(ala)
    Attachment.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=2))
    result = services.remove_orphan_attachments.enqueue()
    assert result.return_value == 1
    assert not Attachment.objects.exists()


def test_deleting_a_group_removes_its_rooms_files(
    db, private_root, django_capture_on_commit_callbacks
):
    group = GroupFactory()
    ala = UserFactory()
    MembershipFactory(user=ala, group=group)
    room = ensure_group_room(group=group)
    budget = upload(ala, files.xlsx(), "budzet.xlsx")
    post_message(room=room, author=ala, body="Budżet", client_id="b", attachments=attached(budget))
    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert not Attachment.objects.exists()
    assert stored(private_root) == []


def test_an_erased_account_leaves_no_file_behind(
    db, private_root, django_capture_on_commit_callbacks
):
    ala, ola = UserFactory(), UserFactory()
    topic = TopicFactory(author=ala)
    services.attach(user=ala, choice=attached(upload(ala)), post=topic.first_post)
    upload(ala, files.pdf(), "szkic.pdf")  # not attached yet
    theirs = upload(ola)
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(user=ala)
    assert list(Attachment.objects.all()) == [theirs]
    assert {p.parent.name for p in stored(private_root)} == {theirs.folder.rsplit("/", 1)[1]}


def test_the_data_download_carries_the_members_files_and_a_list_of_them(db, private_root):
    ala, ola = UserFactory(), UserFactory()
    topic = TopicFactory(author=ala)
    photo = upload(ala, files.jpeg_with_gps(), "wycieczka.jpg")
    services.attach(
        user=ala,
        choice=Choice([photo.pk], {photo.pk: "Wycieczka do Krakowa"}, {}, set()),
        post=topic.first_post,
    )
    upload(ola, files.pdf(), "cudzy.pdf")
    buffer = io.BytesIO()
    write_archive(ala, buffer)
    with zipfile.ZipFile(buffer) as archive:
        listed = json.loads(archive.read("attachments.json"))
        assert [(f["name"], f["alternative_text"], f["forum_post"]) for f in listed] == [
            ("wycieczka.jpg", "Wycieczka do Krakowa", topic.first_post_id)
        ]
        path = listed[0]["file"]
        assert archive.read(path) == (private_root / photo.folder / photo.full_name).read_bytes()
        assert not any("cudzy" in name for name in archive.namelist())


def test_staff_see_storage_use_per_member_and_group_in_the_admin(client, db):
    group = GroupFactory(name="Dyrektorzy")
    ala = UserFactory(username="ala")
    MembershipFactory(user=ala, group=group)
    room = ensure_group_room(group=group)
    budget = upload(ala, files.xlsx(), "budzet.xlsx")
    post_message(room=room, author=ala, body="Budżet", client_id="b", attachments=attached(budget))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/reports/attachments/").text
    assert "Dyrektorzy" in page
    assert "ala" in page
    client.force_login(ala)
    assert client.get("/admin/reports/attachments/").status_code in (302, 403)


def test_files_written_by_a_transaction_that_rolled_back_are_swept(
    db, private_root, settings, django_capture_on_commit_callbacks
):
    ala = UserFactory()
    kept = upload(ala)
    written = []

    def save_a_post_that_fails():
        with transaction.atomic():
            written.append(upload(ala, files.pdf(), "szkic.pdf"))
            raise RuntimeError("the post could not be saved")

    with pytest.raises(RuntimeError):
        save_a_post_that_fails()
    (lost,) = written
    assert not Attachment.objects.filter(pk=lost.pk).exists()
    settings.ATTACHMENT_ORPHAN_HOURS = 0
    Attachment.objects.filter(pk=kept.pk).update(created=timezone.now() + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_orphan_attachments", stdout=io.StringIO())
    assert not (private_root / lost.folder).exists()
    assert (private_root / kept.folder).exists()
