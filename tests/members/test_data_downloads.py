"""The "download my data" archive: complete, built in the background, only for its owner."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum.models import Post, PostRevision, Reaction, Topic
from forum.services.activity import set_watching, toggle_reaction
from forum.services.posting import edit_post
from members.models import DataExport, Profile
from members.services.data_exports import build_data_export, request_export
from members.services.personal_data import erase_account
from network.chat.services import ensure_group_room, open_direct_room, post_message
from network.groups.services.invitations import accept_invitation, invite_to_group
from network.groups.services.memberships import join_group
from network.models import Group, JoinPolicy, JoinRequest, Membership, Message
from tests.email_files import read_emails
from tests.forum.factories import PostFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.live import reauthenticate
from tests.members.profile_factories import ProfileFactory
from tests.network.factories import GroupFactory, MembershipFactory
from tests.zones.factories import MeetupFactory, ZonePageFactory, make_zone_index
from zones.models import RSVP, RSVPStatus
from zones.services.rsvps import answer_meetup


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


def a_busy_member(home):
    """A member who did a bit of everything, beside another who did the same."""
    member, other = UserFactory(first_name="Ola"), UserFactory(first_name="Inny")
    profile = ProfileFactory(user=member, bio="Warsztaty klimatyczne")
    profile.avatar.save("ola.jpg", ContentFile(b"\xff\xd8photo-bytes"), save=True)
    ProfileFactory(user=other, bio="Robotyka")

    topic = TopicFactory(author=member, title="Drukarka 3D w filii", first_post="Pierwsza wersja")
    edit_post(editor=member, post=topic.first_post, body="Druga wersja")
    reply = PostFactory(topic=topic, author=other, body="Odpowiedź innego")
    toggle_reaction(user=member, post=reply, kind="thanks")
    set_watching(user=member, topic=topic, watching=True)

    group = GroupFactory(name="Grupa otwarta")
    MembershipFactory(user=member, group=group)
    MembershipFactory(user=other, group=group)
    closed = GroupFactory(name="Grupa zamknięta", join_policy=JoinPolicy.REQUEST)
    join_group(user=member, group=closed, message="Proszę o przyjęcie")
    post_message(
        room=ensure_group_room(group=group), author=member, body="Cześć grupo", client_id="a1"
    )
    post_message(
        room=ensure_group_room(group=group), author=other, body="Cudza wiadomość", client_id="b1"
    )
    direct, _created = open_direct_room(user=member, other=other)
    post_message(room=direct, author=member, body="Prywatnie do ciebie", client_id="a2")

    invitation, _token = invite_to_group(group=closed, email=member.email, invited_by=other)
    accept_invitation(invitation=invitation, user=member)

    meetup = MeetupFactory(zone=ZonePageFactory(parent=make_zone_index(home)), capacity=1)
    answer_meetup(meetup=meetup, user=member, going=True)
    answer_meetup(meetup=meetup, user=other, going=True)  # waits for a place
    return member, other, meetup


def archive_of(export: DataExport) -> dict:
    with export.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return {
            name: (json.loads(archive.read(name)) if name.endswith(".json") else archive.read(name))
            for name in archive.namelist()
        }


def build_for(member) -> DataExport:
    export = DataExport.objects.create(user=member)
    build_data_export.call(export.pk)
    export.refresh_from_db()
    return export


@pytest.mark.django_db
def test_the_archive_holds_everything_the_member_wrote_or_chose_and_nothing_of_others(home):
    member, other, meetup = a_busy_member(home)

    export = build_for(member)

    assert export.status == DataExport.Status.READY
    files = archive_of(export)
    assert files["account.json"]["email"] == member.email
    assert files["profile.json"]["bio"] == "Warsztaty klimatyczne"
    assert files["files/profile/ola.jpg"] == b"\xff\xd8photo-bytes"
    assert [t["title"] for t in files["forum/topics.json"]] == ["Drukarka 3D w filii"]
    (post,) = files["forum/posts.json"]
    assert post["body"] == "Druga wersja"
    assert [r["body"] for r in post["revisions"]] == ["Pierwsza wersja"]
    assert [r["kind"] for r in files["forum/reactions.json"]] == ["thanks"]
    assert len(files["forum/subscriptions.json"]) == 1
    assert sorted(m["body"] for m in files["chat/messages.json"]) == [
        "Cześć grupo",
        "Prywatnie do ciebie",
    ]
    assert len(files["chat/rooms.json"]["conversations"]) == 1
    memberships = files["network/memberships.json"]
    assert {m["group"] for m in memberships["memberships"]} == {"Grupa otwarta", "Grupa zamknięta"}
    assert [r["message"] for r in memberships["join_requests"]] == ["Proszę o przyjęcie"]
    assert [i["group"] for i in files["network/invitations.json"]["accepted"]] == [
        "Grupa zamknięta"
    ]
    assert [(r["meetup"], r["answer"]) for r in files["zones/rsvps.json"]] == [
        (meetup.title, "going")
    ]
    assert "notifications.json" in files
    assert "two_factor_authenticators.json" in files
    text = json.dumps({k: v for k, v in files.items() if k.endswith(".json")}, ensure_ascii=False)
    for theirs in ("Odpowiedź innego", "Cudza wiadomość", "Robotyka", other.email):
        assert theirs not in text


@pytest.mark.django_db
def test_asking_needs_the_password_then_the_page_links_the_archive_and_an_email_links_the_page(
    client, mail_folder, django_capture_on_commit_callbacks
):
    member = UserFactory(language="en")
    client.force_login(member)

    response = client.post(reverse("personal_data_download"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not DataExport.objects.exists()

    reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("personal_data_download"))
    assert response.status_code == 302
    export = DataExport.objects.get(user=member)
    assert export.status == DataExport.Status.READY

    page = client.get(reverse("personal_data")).content.decode()
    file_url = reverse("personal_data_file", args=[export.pk])
    assert file_url in page

    (mail,) = read_emails(mail_folder)
    assert mail["To"] == member.email
    text = mail.get_body().get_content()
    assert "/en/account/data/" in text
    assert file_url not in text

    response = client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="library-network-my-data-'
    )
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert json.loads(archive.read("account.json"))["email"] == member.email


@pytest.mark.django_db
def test_the_archive_is_kept_outside_the_public_media_folder(storage):
    export = build_for(UserFactory())
    assert (storage / "private").exists()
    assert str(storage / "private") in export.file.path
    with pytest.raises(ValueError, match="no URL"):
        export.file.url  # noqa: B018


@pytest.mark.django_db
def test_asking_twenty_times_in_a_minute_prepares_one_archive(
    client, django_capture_on_commit_callbacks
):
    member = UserFactory()
    client.force_login(member)
    reauthenticate(client)
    for _attempt in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("personal_data_download"), follow=True)
        assert response.status_code == 200
    assert DataExport.objects.filter(user=member).count() == 1
    assert "O nowe możesz poprosić za 10 minut" in response.content.decode()


@pytest.mark.django_db
def test_one_archive_in_preparation_at_a_time():
    member = UserFactory()
    request_export(user=member)  # its build waits for the commit, which never comes here
    with pytest.raises(ValidationError) as refused:
        request_export(user=member)
    assert refused.value.code == "pending"


@pytest.mark.django_db
def test_someone_elses_or_an_expired_archive_is_not_found(client):
    member, other = UserFactory(), UserFactory()
    theirs, mine = build_for(other), build_for(member)
    client.force_login(member)
    reauthenticate(client)

    assert client.get(reverse("personal_data_file", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("personal_data_file", args=[999999])).status_code == 404
    assert client.get(reverse("personal_data_file", args=[mine.pk])).status_code == 200
    DataExport.objects.filter(pk=mine.pk).update(finished_at=timezone.now() - timedelta(days=8))
    assert client.get(reverse("personal_data_file", args=[mine.pk])).status_code == 404


@pytest.mark.django_db
def test_fetching_the_archive_asks_for_the_password_again(client):
    member = UserFactory()
    export = build_for(member)
    client.force_login(member)
    response = client.get(reverse("personal_data_file", args=[export.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


@pytest.mark.django_db
def test_an_export_of_an_account_being_erased_is_refused_and_not_kept(storage):
    member = UserFactory()
    export = DataExport.objects.create(user=member)
    erase_account(user=member)  # the pending archive goes with the account

    build_data_export.call(export.pk)  # the queued build runs afterwards: nothing to do
    assert not DataExport.objects.exists()
    assert not any((storage / "private").rglob("*.zip"))
    with pytest.raises(ValidationError) as refused:
        request_export(user=member)
    assert refused.value.code == "erased"


@pytest.mark.django_db
def test_erasure_removes_archives_and_their_files(storage):
    member = UserFactory()
    export = build_for(member)
    path = export.file.path
    erase_account(user=member)
    assert not DataExport.objects.exists()
    assert not (storage / "private" / path).exists()


@pytest.mark.django_db
def test_erasure_covers_what_the_archive_holds(home, storage):
    member, other, meetup = a_busy_member(home)
    photo = Profile.objects.get(user=member).avatar.path

    erase_account(user=member)

    # What others replied to stays as by a deleted member, without the text or earlier versions.
    topic = Topic.objects.get(author=member)
    assert topic.author_name == "Usunięty użytkownik"
    assert topic.title == "Drukarka 3D w filii"
    assert set(Post.objects.filter(author=member).values_list("author_name", "body")) == {
        ("Usunięty użytkownik", "")
    }
    assert not PostRevision.objects.filter(post__author=member).exists()
    assert Post.objects.get(body="Odpowiedź innego").author_name == other.get_full_name()
    messages = Message.objects.filter(author=member)
    assert messages.count() == 2
    assert {(m.author_name, m.author_handle, m.body, m.is_deleted) for m in messages} == {
        ("Usunięty użytkownik", "", "", True)
    }
    # What was theirs alone goes.
    assert not Reaction.objects.filter(user=member).exists()
    assert not Membership.objects.filter(user=member).exists()
    assert not JoinRequest.objects.filter(user=member).exists()
    assert not RSVP.objects.filter(user=member).exists()
    assert not Profile.objects.filter(user=member).exists()
    assert not (storage / "media" / photo).exists()
    # Their place at the meetup went to the one waiting.
    assert RSVP.objects.get(meetup=meetup, user=other).status == RSVPStatus.GOING
    assert Group.objects.filter(name="Grupa otwarta").exists()


@pytest.mark.django_db
def test_the_daily_clean_up_removes_expired_archives_from_the_storage(storage):
    old, recent = build_for(UserFactory()), build_for(UserFactory())
    DataExport.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=8))
    out = io.StringIO()
    call_command("remove_expired_exports", stdout=out)
    assert "1 expired data archive(s) removed." in out.getvalue()
    assert list(DataExport.objects.all()) == [recent]
    archives = [path.name for path in (storage / "private").rglob("*.zip")]
    assert archives == [Path(recent.file.name).name]
