import pytest
from django.utils import translation

from members.models import Notification, NotificationKind
from members.services.notifications import notify
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_notification_is_stored_as_what_happened_and_read_in_each_readers_language():
    polish, ukrainian, actor = UserFactory(language="pl"), UserFactory(language="uk"), UserFactory()
    with translation.override("pl"):
        notify(
            recipients=[polish, ukrainian, actor],
            kind=NotificationKind.MEMBERSHIP,
            message="group.removed",
            params={"group": "Czytelnia"},
            url="/pl/",
            actor=actor,
        )
    stored = Notification.objects.get(recipient=polish)
    assert (stored.message, stored.params, stored.legacy_title) == (
        "group.removed",
        {"group": "Czytelnia"},
        "",
    )
    titles = {}
    for language in ("pl", "en", "uk"):
        with translation.override(language):
            titles[language] = Notification.objects.get(recipient=ukrainian).title
    assert titles == {
        "pl": "Nie należysz już do: Czytelnia",
        "en": "You are no longer a member of Czytelnia",
        "uk": titles["uk"],
    }
    assert "Czytelnia" in titles["uk"]
    assert titles["uk"] not in (titles["pl"], titles["en"])
    # The actor is not told about their own action.
    assert not actor.notifications.exists()
