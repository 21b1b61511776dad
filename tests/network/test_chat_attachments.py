"""Files in chat without JavaScript: the room's send form takes them; those who only read the
room cannot send any."""

import pytest

from network.chat.services import ensure_group_room
from network.models import Attachment, Message
from tests.members.factories import UserFactory
from tests.network import sample_files as files
from tests.network.chat_factories import conversation
from tests.network.factories import GroupFactory, MembershipFactory


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def test_a_message_sent_with_files_shows_them_in_the_room(client, db):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    client.force_login(ala)
    response = client.post(
        f"/pl/chat/{room.pk}/",
        {
            "body": "Plakat i budżet",
            "client_id": "c-1",
            "files": [
                files.upload(files.png(), "plakat.png"),
                files.upload(files.xlsx(), "budzet.xlsx"),
            ],
        },
    )
    assert response.status_code == 302
    message = Message.objects.get(room=room)
    assert [a.name for a in message.attachments.all()] == ["plakat.png", "budzet.xlsx"]
    client.force_login(ola)
    page = client.get(f"/pl/chat/{room.pk}/").text
    image = message.attachments.get(name="plakat.png")
    assert f'src="{image.display_url}"' in page
    assert "budzet.xlsx" in page


def test_a_refused_file_keeps_the_message_unsent_and_says_which(client, db):
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    client.force_login(ala)
    response = client.post(
        f"/pl/chat/{room.pk}/",
        {"body": "Strona", "client_id": "c-2", "files": [files.upload(files.HTML, "strona.png")]},
    )
    assert response.status_code == 400
    assert "strona.png" in response.text
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()


def test_those_who_only_read_a_group_room_cannot_send_files_to_it(client, db, private_root):
    group = GroupFactory()
    MembershipFactory(user=UserFactory(), group=group)
    room = ensure_group_room(group=group)
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.post(
        f"/pl/chat/{room.pk}/",
        {"body": "x", "client_id": "c-3", "files": [files.upload(files.png(), "a.png")]},
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()
    assert not private_root.exists() or not any(private_root.rglob("*.png"))
