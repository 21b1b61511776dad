import pytest
from django.utils.translation import gettext as _

from members.models import Notification, NotificationKind
from members.services.notifications import notify
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_recipient_gets_the_notification_in_their_own_language():
    polish, ukrainian, actor = UserFactory(language="pl"), UserFactory(language="uk"), UserFactory()
    notify(
        recipients=[polish, ukrainian, actor],
        kind=NotificationKind.MEMBERSHIP,
        title=lambda: _("Page not found"),
        url="/pl/",
        actor=actor,
    )
    titles = dict(Notification.objects.values_list("recipient__language", "title"))
    assert titles == {"pl": "Nie znaleziono strony", "uk": "Сторінку не знайдено"}
    # The actor is not told about their own action.
    assert not actor.notifications.exists()
