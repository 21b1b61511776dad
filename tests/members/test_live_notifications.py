import pytest

from members.models import NotificationKind
from members.services.notifications import mark_read, notify
from network.core.live import user_group
from tests.members.factories import UserFactory
from tests.members.live import in_thread, log_in, open_socket


def tell(recipient):
    return notify(
        recipients=[recipient],
        kind=NotificationKind.MENTION,
        message="chat.direct",
        params={"name": "Hello"},
    )


@pytest.mark.django_db(transaction=True)
async def test_a_new_notification_pushes_the_unread_count_to_the_members_sockets():
    member, other = await in_thread(UserFactory)(), await in_thread(UserFactory)()
    mine = await open_socket(await in_thread(log_in)(member))
    theirs = await open_socket(await in_thread(log_in)(other))

    await in_thread(tell)(member)
    assert await mine.receive_json_from() == {"type": "notification", "unread": 1}
    await in_thread(tell)(member)
    assert await mine.receive_json_from() == {"type": "notification", "unread": 2}
    await in_thread(mark_read)(user=member)
    assert await mine.receive_json_from() == {"type": "notification", "unread": 0}

    assert await theirs.receive_nothing()
    await mine.disconnect()
    await theirs.disconnect()


def test_group_names_are_built_from_ids_only():
    assert user_group(42) == "user.42"
    with pytest.raises(ValueError, match="invalid literal"):
        user_group("42; drop")
