from datetime import timedelta

import pytest
from django.utils import timezone, translation

from members.models import Notification, NotificationKind
from tests.members.factories import UserFactory
from tests.zones.factories import MeetupFactory
from zones.models import Meetup, RSVPStatus
from zones.services.rsvps import answer_meetup

pytestmark = pytest.mark.django_db


def local(when):
    """A time as typed into the form: Polish local time, minutes only."""
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def meetup_data(**overrides):
    start = timezone.now() + timedelta(days=10)
    data = {
        "title": "Warsztaty robotyki",
        "description": "Budujemy pierwszego robota.",
        "start": local(start),
        "end": local(start + timedelta(hours=2)),
        "place": "Sala 2",
        "online_url": "",
        "capacity": "15",
    }
    data.update(overrides)
    return data


def test_coordinator_announces_a_meetup_in_their_zone(client, zone, coordinator):
    client.force_login(coordinator)
    assert client.get(f"/pl/meetups/new/{zone.pk}/").status_code == 200
    response = client.post(f"/pl/meetups/new/{zone.pk}/", meetup_data())
    meetup = Meetup.objects.get()
    assert response.status_code == 302
    assert response.url == f"/pl/meetups/{meetup.pk}/"
    assert meetup.zone_id == zone.pk
    assert meetup.organiser == coordinator
    assert meetup.capacity == 15
    # Typed in Polish time, stored in UTC.
    assert local(meetup.start) == meetup_data()["start"]
    assert "Warsztaty robotyki" in client.get(zone.url).content.decode()


def test_an_editor_announces_a_meetup_in_any_zone(client, zone):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.post(f"/pl/meetups/new/{zone.pk}/", meetup_data()).status_code == 302
    assert Meetup.objects.count() == 1


def test_other_members_may_not_announce_meetups_and_visitors_are_asked_to_log_in(client, zone):
    response = client.post(f"/pl/meetups/new/{zone.pk}/", meetup_data())
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    client.force_login(UserFactory())
    assert client.post(f"/pl/meetups/new/{zone.pk}/", meetup_data()).status_code == 403
    assert not Meetup.objects.exists()


def test_announcing_in_an_unpublished_zone_is_not_found(client, zone, coordinator):
    zone.unpublish()
    client.force_login(coordinator)
    assert client.get(f"/pl/meetups/new/{zone.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"end": local(timezone.now() + timedelta(days=9))},
            "end",
            "The meetup must end after it starts.",
        ),
        ({"capacity": "0"}, "capacity", "A meetup needs room for at least one person."),
        ({"capacity": "-3"}, "capacity", "A meetup needs room for at least one person."),
        (
            {
                "start": local(timezone.now() - timedelta(days=1)),
                "end": local(timezone.now() + timedelta(hours=1)),
            },
            "start",
            "A meetup cannot start in the past.",
        ),
        ({"online_url": "not a link"}, "online_url", "Enter a valid URL."),
    ],
)
def test_bad_meetups_are_refused_with_a_clear_error_and_nothing_is_saved(
    client, zone, coordinator, overrides, field, message
):
    client.force_login(coordinator)
    response = client.post(f"/en/meetups/new/{zone.pk}/", meetup_data(**overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Meetup.objects.exists()


def test_errors_are_in_the_members_language(client, zone, coordinator):
    client.force_login(coordinator)
    response = client.post(f"/pl/meetups/new/{zone.pk}/", meetup_data(capacity="0"))
    assert "Spotkanie musi mieć miejsce dla co najmniej jednej osoby." in response.content.decode()


def test_changing_a_meetup_tells_the_members_going_and_waiting(client, meetup, coordinator):
    meetup.capacity = 1
    meetup.save()
    going, waiting, left = UserFactory(language="en"), UserFactory(), UserFactory()
    answer_meetup(meetup=meetup, user=going, going=True)
    answer_meetup(meetup=meetup, user=waiting, going=True)
    answer_meetup(meetup=meetup, user=left, going=False)
    client.force_login(coordinator)
    new_start = meetup.start + timedelta(days=1)
    data = meetup_data(
        title=meetup.title,
        start=local(new_start),
        end=local(new_start + timedelta(hours=2)),
        capacity="1",
    )
    response = client.post(f"/pl/meetups/{meetup.pk}/edit/", data)
    assert response.status_code == 302
    meetup.refresh_from_db()
    assert local(meetup.start) == local(new_start)
    assert meetup.sequence == 1
    told = Notification.objects.filter(kind=NotificationKind.MEETUP)
    assert {n.recipient for n in told} == {going, waiting}
    with translation.override("en"):
        assert told.get(recipient=going).title == f"The meetup “{meetup.title}” has changed."


def test_capacity_cannot_shrink_below_the_members_already_going(client, meetup, coordinator):
    for _ in range(3):
        answer_meetup(meetup=meetup, user=UserFactory(), going=True)
    client.force_login(coordinator)
    data = meetup_data(start=local(meetup.start), end=local(meetup.end), capacity="2")
    response = client.post(f"/en/meetups/{meetup.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "3 members are already going: the capacity cannot be smaller."
    ]
    meetup.refresh_from_db()
    assert meetup.capacity == 10


def test_raising_the_capacity_moves_the_waiting_list_up(client, meetup, coordinator):
    meetup.capacity = 1
    meetup.save()
    first, second = UserFactory(), UserFactory()
    answer_meetup(meetup=meetup, user=first, going=True)
    answer_meetup(meetup=meetup, user=second, going=True)
    client.force_login(coordinator)
    data = meetup_data(
        title=meetup.title, start=local(meetup.start), end=local(meetup.end), capacity="2"
    )
    client.post(f"/pl/meetups/{meetup.pk}/edit/", data)
    assert meetup.rsvps.get(user=second).status == RSVPStatus.GOING


def test_cancelling_a_meetup_tells_attendees_and_keeps_it_in_the_archive(
    client, meetup, coordinator, zone
):
    going = UserFactory()
    answer_meetup(meetup=meetup, user=going, going=True)
    client.force_login(UserFactory())
    assert client.post(f"/pl/meetups/{meetup.pk}/cancel/").status_code == 403
    client.force_login(coordinator)
    assert client.post(f"/pl/meetups/{meetup.pk}/cancel/").status_code == 302
    meetup.refresh_from_db()
    assert meetup.is_cancelled
    assert Notification.objects.get(kind=NotificationKind.MEETUP).recipient == going
    page = client.get(f"/en/meetups/{meetup.pk}/").content.decode()
    assert "This meetup has been cancelled." in page
    # A cancelled meetup cannot be edited.
    assert client.get(f"/pl/meetups/{meetup.pk}/edit/").status_code == 302


def test_a_meetup_of_an_unpublished_zone_is_not_found(client, meetup, zone):
    assert client.get(f"/pl/meetups/{meetup.pk}/").status_code == 200
    zone.unpublish()
    assert client.get(f"/pl/meetups/{meetup.pk}/").status_code == 404
    assert client.get(f"/pl/meetups/{meetup.pk}/meetup.ics").status_code == 404
    assert client.get("/pl/meetups/999999/").status_code == 404


def test_past_meetups_stay_readable_and_refuse_answers(client, zone):
    start = timezone.now() - timedelta(days=3)
    past = MeetupFactory(zone=zone, start=start, end=start + timedelta(hours=2))
    page = client.get(f"/en/meetups/{past.pk}/").content.decode()
    assert "This meetup has already taken place." in page
    assert "I am going" not in page


def test_an_editor_changes_a_meetup_in_the_admin_through_the_same_rules(client, meetup, zone):
    going = UserFactory()
    answer_meetup(meetup=meetup, user=going, going=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    edit = f"/admin/meetups/edit/{meetup.pk}/"
    assert client.get(edit).status_code == 200
    data = {
        "zone": zone.pk,
        "title": "Nowy tytuł",
        "description": meetup.description,
        "start": local(meetup.start),
        "end": local(meetup.end),
        "place": "",
        "online_url": "",
        "capacity": "0",
    }
    assert client.post(edit, data).status_code == 200
    meetup.refresh_from_db()
    assert meetup.title != "Nowy tytuł"
    data["capacity"] = "5"
    assert client.post(edit, data).status_code == 302
    meetup.refresh_from_db()
    assert meetup.title == "Nowy tytuł"
    assert Notification.objects.get(kind=NotificationKind.MEETUP).recipient == going


def test_notification_links_open_the_meetup_in_the_readers_language(client, meetup):
    response = client.get(meetup.notification_path, HTTP_ACCEPT_LANGUAGE="uk")
    assert response.status_code == 302
    assert response.url == f"/uk/meetups/{meetup.pk}/"
