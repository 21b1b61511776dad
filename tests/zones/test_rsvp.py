import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from members.models import Notification, NotificationKind
from tests.members.factories import UserFactory
from tests.zones.factories import MeetupFactory
from zones.models import RSVP, RSVPStatus
from zones.services.meetups import cancel_meetup
from zones.services.rsvps import answer_meetup


def statuses(meetup):
    return dict(RSVP.objects.filter(meetup=meetup).values_list("user_id", "status"))


@pytest.mark.django_db
def test_members_go_until_the_meetup_is_full_then_join_the_waiting_list(meetup):
    meetup.capacity = 2
    meetup.save()
    first, second, third, fourth = (UserFactory() for _ in range(4))
    for user in (first, second, third, fourth):
        answer_meetup(meetup=meetup, user=user, going=True)
    assert statuses(meetup) == {
        first.pk: RSVPStatus.GOING,
        second.pk: RSVPStatus.GOING,
        third.pk: RSVPStatus.WAITING,
        fourth.pk: RSVPStatus.WAITING,
    }
    # Saying "going" again changes nothing, not even the place in the queue.
    answer_meetup(meetup=meetup, user=third, going=True)
    assert RSVP.objects.get(user=third).status == RSVPStatus.WAITING


@pytest.mark.django_db
def test_when_a_member_cancels_the_first_waiting_moves_up_and_is_told(meetup):
    meetup.capacity = 1
    meetup.save()
    going, first_waiting, second_waiting = (UserFactory() for _ in range(3))
    for user in (going, first_waiting, second_waiting):
        answer_meetup(meetup=meetup, user=user, going=True)
    answer_meetup(meetup=meetup, user=going, going=False)
    assert statuses(meetup) == {
        going.pk: RSVPStatus.NOT_GOING,
        first_waiting.pk: RSVPStatus.GOING,
        second_waiting.pk: RSVPStatus.WAITING,
    }
    notification = Notification.objects.get()
    assert notification.recipient == first_waiting
    assert notification.kind == NotificationKind.MEETUP
    assert notification.url == f"/meetups/{meetup.pk}/"
    # Someone leaving the waiting list frees no place and promotes nobody.
    answer_meetup(meetup=meetup, user=second_waiting, going=False)
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_answers_to_a_cancelled_or_past_meetup_are_refused_and_change_nothing(meetup, zone):
    member = UserFactory()
    cancel_meetup(meetup=meetup, actor=None)
    with translation.override("en"), pytest.raises(ValidationError, match="cancelled"):
        answer_meetup(meetup=meetup, user=member, going=True)
    start = timezone.now() - timedelta(days=2)
    past = MeetupFactory(zone=zone, start=start, end=start + timedelta(hours=1))
    with translation.override("en"), pytest.raises(ValidationError, match="already taken place"):
        answer_meetup(meetup=past, user=member, going=True)
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_the_answer_form_says_clearly_when_the_meetup_is_full(client, meetup):
    meetup.capacity = 1
    meetup.save()
    answer_meetup(meetup=meetup, user=UserFactory(), going=True)
    member = UserFactory()
    client.force_login(member)
    page = client.get(f"/en/meetups/{meetup.pk}/").content.decode()
    assert "Join the waiting list" in page
    response = client.post(f"/en/meetups/{meetup.pk}/answer/", {"answer": "going"}, follow=True)
    html = response.content.decode()
    assert "The meetup is full: you are on the waiting list." in html
    assert "You are on the waiting list (position 1)." in html
    assert RSVP.objects.get(user=member).status == RSVPStatus.WAITING


@pytest.mark.django_db
def test_an_answer_to_a_cancelled_meetup_shows_the_reason(client, meetup):
    cancel_meetup(meetup=meetup, actor=None)
    client.force_login(UserFactory())
    response = client.post(f"/en/meetups/{meetup.pk}/answer/", {"answer": "going"}, follow=True)
    assert "This meetup has been cancelled." in response.content.decode()
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_visitors_are_asked_to_log_in_before_answering(client, meetup):
    response = client.post(f"/pl/meetups/{meetup.pk}/answer/", {"answer": "going"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_visitors_see_how_many_are_going_and_members_see_who(client, meetup):
    attendee = UserFactory(first_name="Zofia", last_name="Nałkowska")
    answer_meetup(meetup=meetup, user=attendee, going=True)
    anonymous = client.get(f"/en/meetups/{meetup.pk}/").content.decode()
    assert "1 person is going." in anonymous
    assert "Nałkowska" not in anonymous
    client.force_login(UserFactory())
    assert "Zofia Nałkowska" in client.get(f"/en/meetups/{meetup.pk}/").content.decode()


@pytest.mark.django_db
def test_the_online_link_is_shown_only_to_members_going_and_coordinators(
    client, meetup, coordinator
):
    link = meetup.online_url
    assert link not in client.get(f"/pl/meetups/{meetup.pk}/").content.decode()
    member = UserFactory()
    client.force_login(member)
    assert link not in client.get(f"/pl/meetups/{meetup.pk}/").content.decode()
    answer_meetup(meetup=meetup, user=member, going=True)
    assert link in client.get(f"/pl/meetups/{meetup.pk}/").content.decode()
    client.force_login(coordinator)
    assert link in client.get(f"/pl/meetups/{meetup.pk}/").content.decode()


def take_place(meetup, member, barrier, errors):
    try:
        barrier.wait()
        answer_meetup(meetup=meetup, user=member, going=True)
    except Exception as error:  # reported by the test's own thread
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers; the row lock matters on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_members_taking_the_last_place_at_once_do_not_overbook(meetup):
    meetup.capacity = 1
    meetup.save()
    for _round in range(5):
        meetup.rsvps.all().delete()
        members = [UserFactory(), UserFactory()]
        barrier = threading.Barrier(len(members))
        errors = []
        threads = [
            threading.Thread(target=take_place, args=(meetup, member, barrier, errors))
            for member in members
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sorted(statuses(meetup).values()) == [RSVPStatus.GOING, RSVPStatus.WAITING]
