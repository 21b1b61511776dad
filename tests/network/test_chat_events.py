import json

import pytest

from network.chat import events as chat_events
from network.chat.services import edit_message, post_message
from tests.members.factories import UserFactory
from tests.network.chat_factories import conversation

pytestmark = pytest.mark.django_db


def test_every_frame_survives_a_json_round_trip_and_has_the_documented_fields():
    ala, ola = UserFactory(), UserFactory()
    room = conversation(ala, ola)
    message = post_message(room=room, author=ala, body="*hej*", client_id="c1").message
    frames = {
        "message": chat_events.message_frame(message),
        "edited": chat_events.edited_frame(edit_message(message=message, body="hej!")),
        "deleted": chat_events.deleted_frame(message),
        "ack": chat_events.ack_frame("c1", message),
        "typing": chat_events.typing_frame(room.pk, ala.username),
        "presence": chat_events.presence_frame(room.pk, [ala.username]),
        "read": chat_events.read_frame(room.pk, ola.username, 1),
        "error": chat_events.error_frame("not_found", "Room not found.", room.pk),
        "backlog": chat_events.backlog_frame(room.pk, has_more=True),
    }
    fields = {
        "message": {"type", "room", "message"},
        "edited": {"type", "room", "message"},
        "deleted": {"type", "room", "message"},
        "ack": {"type", "client_id", "message"},
        "typing": {"type", "room", "author"},
        "presence": {"type", "room", "online"},
        "read": {"type", "room", "author", "message"},
        "error": {"type", "code", "detail", "ref"},
        "backlog": {"type", "room", "has_more"},
    }
    for kind, frame in frames.items():
        assert frame["type"] == kind
        assert set(frame) == fields[kind]
        assert json.loads(json.dumps(frame)) == frame
        event = chat_events.frame_event(room.pk, frame)
        assert json.loads(event["text"]) == frame
    assert set(frames["message"]["message"]) == {
        "id",
        "author",
        "body_html",
        "created",
        "edited",
        "client_id",
    }
    assert frames["message"]["message"]["author"] == {
        "id": ala.pk,
        "handle": ala.username,
        "name": ala.get_full_name(),
    }


def test_room_groups_are_built_from_ids_only():
    assert chat_events.room_group(42) == "chat.room.42"
    with pytest.raises(ValueError, match="invalid literal"):
        chat_events.room_group("42; other")
