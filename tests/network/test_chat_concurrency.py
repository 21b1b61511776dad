"""Per-room ids follow commit order: proved with concurrent senders on PostgreSQL.

With a plain auto-increment id, a transaction that took id 5 can commit before the one that took
id 4; a reader resuming "after 5" would then skip 4 forever. The room's row lock prevents that.
"""

import threading
import time

import pytest
from django.db import connection, connections

from network.chat.selectors import messages_after
from network.chat.services import post_message
from network.models import Message
from tests.members.factories import UserFactory
from tests.network.chat_factories import conversation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent writers"
    ),
]

SENDERS = 8
MESSAGES_EACH = 25


def test_a_reader_resuming_after_any_id_never_misses_a_message_from_concurrent_senders():
    senders = [UserFactory() for _ in range(SENDERS)]
    room = conversation(*senders)
    total = SENDERS * MESSAGES_EACH
    start = threading.Barrier(SENDERS + 1)
    errors = []

    def send_all(user):
        try:
            start.wait()
            for i in range(MESSAGES_EACH):
                post_message(room=room, author=user, body=f"{user.pk}-{i}", client_id=str(i))
                # A resend of the same message in the middle of the race stores nothing.
                post_message(room=room, author=user, body=f"{user.pk}-{i}", client_id=str(i))
        except Exception as error:  # reported in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send_all, args=(user,)) for user in senders]
    for thread in threads:
        thread.start()
    start.wait()
    seen = []
    # The reader resumes "after the last id it saw", as a reconnecting client does, while the
    # senders commit; every read must continue exactly where the previous one stopped.
    while len(seen) < total:
        page, _more = messages_after(room.pk, seen[-1] if seen else 0)
        batch = [message.seq for message in page]
        expected_next = (seen[-1] if seen else 0) + 1
        assert batch == list(range(expected_next, expected_next + len(batch)))
        seen.extend(batch)
        if not batch:
            if not any(thread.is_alive() for thread in threads):
                break
            time.sleep(0.005)
    for thread in threads:
        thread.join()
    assert errors == []
    assert seen == list(range(1, total + 1))
    bodies = Message.objects.filter(room=room).values_list("body", flat=True)
    assert len(set(bodies)) == len(bodies) == total
