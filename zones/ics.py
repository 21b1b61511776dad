"""iCalendar (RFC 5545) documents for meetups, built with the icalendar package."""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from zones.models import Meetup

PRODID = "-//Library Network//Innovation Zones//PL"


def meetup_uid(meetup: Meetup) -> str:
    # Stable across requests and hosts, so a calendar recognises an updated meetup.
    return f"meetup-{meetup.pk}@{urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname}"


def build_calendar(
    meetups: Iterable[Meetup], *, name: str, base_url: str, with_online_links: bool = False
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meetup in meetups:
        calendar.add_component(_event(meetup, base_url, with_online_links))
    return calendar.to_ical()


def _event(meetup: Meetup, base_url: str, with_online_link: bool) -> Event:
    event = Event()
    event.add("uid", meetup_uid(meetup))
    event.add("dtstamp", timezone.now())
    event.add("created", meetup.created)
    # UTC times: every calendar shows them in its owner's own time zone.
    event.add("dtstart", meetup.start)
    event.add("dtend", meetup.end)
    event.add("summary", meetup.title)
    event.add("sequence", meetup.sequence)
    event.add("location", meetup.location)
    url = f"{base_url}{meetup.notification_path}"
    event.add("url", url)
    description = meetup.description
    if with_online_link and meetup.online_url:
        description = f"{description}\n\n{meetup.online_url}".strip()
    event.add("description", f"{description}\n\n{url}".strip())
    event.add("status", "CANCELLED" if meetup.is_cancelled else "CONFIRMED")
    return event
