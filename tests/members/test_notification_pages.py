import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Notification, NotificationKind, NotificationPreference
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_notifications(recipient, count, **fields):
    actor = UserFactory()
    Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            kind=NotificationKind.REPLY,
            legacy_title=f"Reply {n}",
            url=f"/pl/forum/t/{n}/",
            actor=actor,
            **fields,
        )
        for n in range(count)
    )


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_header_shows_the_unread_count(client, member):
    make_notifications(member, 3)
    make_notifications(member, 2, read_at="2026-01-01T00:00:00Z")
    html = client.get("/en/account/data/").content.decode()
    assert "<span data-unread-number>3</span>" in html
    assert '<span class="visually-hidden"> unread)</span>' in html


def test_anonymous_visitors_page_runs_no_notification_query(client, home):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/pl/")
    assert "notifications-link" not in response.content.decode()
    assert not [q for q in queries.captured_queries if "members_notification" in q["sql"]]


@pytest.mark.parametrize("count", [5, 40])
def test_notifications_page_query_count_does_not_depend_on_how_many_are_listed(
    client, member, count, django_assert_num_queries
):
    make_notifications(member, count)
    # user (the session comes from the cache), count, page, unread count in the header
    with django_assert_num_queries(4):
        response = client.get(reverse("notifications"))
    assert response.status_code == 200
    assert response.content.decode().count('class="notification ') == min(count, 20)


def test_nonsense_page_numbers_show_a_page_instead_of_an_error(client, member):
    make_notifications(member, 25)
    for page in ("abc", "-3", "999999"):
        assert client.get(reverse("notifications"), {"page": page}).status_code == 200


def test_mark_one_and_mark_all_read(client, member):
    make_notifications(member, 3)
    first, *_rest = member.notifications.all()
    client.post(reverse("notifications_mark_read"), {"notification": first.pk})
    assert member.notifications.filter(read_at__isnull=True).count() == 2
    client.post(reverse("notifications_mark_read"), {"all": "1"})
    assert not member.notifications.filter(read_at__isnull=True).exists()


def test_a_member_cannot_mark_someone_elses_notifications(client, member):
    other = UserFactory()
    make_notifications(other, 1)
    client.post(reverse("notifications_mark_read"), {"notification": other.notifications.get().pk})
    client.post(reverse("notifications_mark_read"), {"all": "1"})
    assert other.notifications.get().read_at is None


def test_mark_read_does_not_redirect_to_another_site(client, member):
    response = client.post(
        reverse("notifications_mark_read"), {"all": "1", "next": "https://evil.example/"}
    )
    assert response.url == reverse("notifications")


def test_notifications_page_lists_only_your_own(client, member):
    other = UserFactory()
    make_notifications(other, 1)
    assert "Reply 0" not in client.get(reverse("notifications")).content.decode()


def test_preferences_are_saved_and_bad_values_refused(client, member):
    url = reverse("notification_preferences")
    data = dict.fromkeys(NotificationKind.values, "site")
    data["mention"] = "off"
    response = client.post(url, data)
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=member, kind="mention").delivery == "off"

    data["mention"] = "carrier-pigeon"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Wybierz poprawną wartość" in response.content.decode()
    assert NotificationPreference.objects.get(user=member, kind="mention").delivery == "off"


@pytest.mark.parametrize("name", ["notifications", "notification_preferences"])
def test_notification_pages_ask_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_nonsense_notification_ids_change_nothing_and_do_not_fail(client, member):
    make_notifications(member, 1)
    for value in ("abc", "-1", "9" * 40, ""):
        response = client.post(reverse("notifications_mark_read"), {"notification": value})
        assert response.status_code == 302
    assert member.notifications.get().read_at is None
