import pytest
from icalendar import Calendar

from tests.members.factories import UserFactory
from tests.zones.factories import MeetupFactory
from zones.models import CalendarFeed
from zones.services.meetups import cancel_meetup
from zones.services.rsvps import answer_meetup

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_zone_feed_lists_its_meetups_and_marks_cancelled_ones(client, zone, meetup):
    cancelled = MeetupFactory(zone=zone, title="Odwołane")
    cancel_meetup(meetup=cancelled, actor=None)
    found = events(client.get(f"/pl/calendar/zones/{zone.pk}.ics"))
    assert set(found) == {meetup.title, "Odwołane"}
    event = found[meetup.title]
    # iCalendar keeps whole seconds.
    assert event.decoded("dtstart") == meetup.start.replace(microsecond=0)
    assert event.decoded("dtend") == meetup.end.replace(microsecond=0)
    assert str(event["status"]) == "CONFIRMED"
    assert str(found["Odwołane"]["status"]) == "CANCELLED"
    assert int(found["Odwołane"]["sequence"]) == 1
    assert zone.library_name in str(event["location"])
    # The public feed never carries the online link, which only attendees see.
    assert meetup.online_url not in client.get(f"/pl/calendar/zones/{zone.pk}.ics").content.decode()


def test_a_single_meetup_downloads_as_a_calendar_file(client, meetup):
    found = events(client.get(f"/pl/meetups/{meetup.pk}/meetup.ics"))
    assert list(found) == [meetup.title]
    assert str(found[meetup.title]["uid"]).startswith(f"meetup-{meetup.pk}@")


def test_feeds_of_unpublished_zones_are_not_found(client, zone, meetup):
    zone.unpublish()
    assert client.get(f"/pl/calendar/zones/{zone.pk}.ics").status_code == 404


def private_feed_url(client, user):
    client.force_login(user)
    response = client.get("/pl/calendar/")
    assert response.status_code == 200
    client.logout()
    return response.context["feed_url"].removeprefix("http://testserver")


def test_the_private_feed_holds_the_meetups_the_member_is_going_to(client, zone, meetup):
    member = UserFactory()
    other = MeetupFactory(zone=zone, title="Nie idę")
    waiting_for = MeetupFactory(zone=zone, title="Lista oczekujących", capacity=1)
    answer_meetup(meetup=waiting_for, user=UserFactory(), going=True)
    answer_meetup(meetup=meetup, user=member, going=True)
    answer_meetup(meetup=other, user=member, going=False)
    answer_meetup(meetup=waiting_for, user=member, going=True)
    url = private_feed_url(client, member)
    # No session needed: calendar programs fetch it on their own.
    response = client.get(url)
    found = events(response)
    assert list(found) == [meetup.title]
    # Personal content fetched without a session: no shared cache may keep it.
    assert "no-store" in response["Cache-Control"]
    assert meetup.online_url in str(found[meetup.title]["description"])


def test_a_new_private_address_makes_the_old_one_not_found(client, meetup):
    member = UserFactory()
    old = private_feed_url(client, member)
    assert private_feed_url(client, member) == old  # stable until the member asks for a new one
    client.force_login(member)
    assert client.post("/pl/calendar/new-address/").status_code == 302
    client.logout()
    new = private_feed_url(client, member)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_forged_private_addresses_are_not_found(client):
    member = UserFactory()
    url = private_feed_url(client, member)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    selector = CalendarFeed.objects.get(user=member).selector
    forged = [
        selector + "0" * 64,  # the stored part alone does not open the feed
        token[:-1] + ("0" if token[-1] != "0" else "1"),
        "x",
        "",
    ]
    for bad in forged:
        assert client.get(f"/pl/calendar/private/{bad}.ics").status_code == 404


def test_the_private_feed_of_a_deactivated_member_is_not_found(client):
    member = UserFactory()
    url = private_feed_url(client, member)
    member.is_active = False
    member.save()
    assert client.get(url).status_code == 404


def test_the_calendar_page_is_for_signed_in_members(client):
    response = client.get("/pl/calendar/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert client.post("/pl/calendar/new-address/").status_code == 302
    assert not CalendarFeed.objects.exists()
