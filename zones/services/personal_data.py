"""What Innovation Zones hold about a member, for "download my data" and erasure.

Imported by ZonesConfig.ready(); the registry is members.services.personal_data.
"""

from django.db import transaction

from members.services.personal_data import iso, register
from zones.models import RSVP, CalendarFeed, Meetup, RSVPStatus, ZoneCoordinator
from zones.services.rsvps import promote_from_waiting_list


def export_rsvps(user) -> list[dict]:
    return [
        {
            "meetup": rsvp.meetup.title,
            "start": iso(rsvp.meetup.start),
            "answer": rsvp.status,
            "answered": iso(rsvp.changed),
        }
        for rsvp in RSVP.objects.filter(user_id=user.pk).select_related("meetup").order_by("pk")
    ]


@transaction.atomic
def erase_rsvps(user) -> None:
    # A place the member held goes to the first one waiting, as when they say "not going".
    freed = list(
        Meetup.objects.select_for_update()
        .filter(rsvps__user_id=user.pk, rsvps__status=RSVPStatus.GOING)
        .order_by("pk")
    )
    RSVP.objects.filter(user_id=user.pk).delete()
    for meetup in freed:
        promote_from_waiting_list(meetup)


def export_meetups(user) -> list[dict]:
    return [
        {"title": m.title, "zone": m.zone.title, "start": iso(m.start), "created": iso(m.created)}
        for m in Meetup.objects.filter(organiser_id=user.pk).select_related("zone").order_by("pk")
    ]


def erase_organiser(user) -> None:
    # The meetup belongs to the zone and its attendees; only the link to the organiser goes.
    Meetup.objects.filter(organiser_id=user.pk).update(organiser=None)


def export_coordination(user) -> list[dict]:
    return [
        {"zone": c.page.title}
        for c in ZoneCoordinator.objects.filter(user_id=user.pk).select_related("page")
    ]


def erase_coordination(user) -> None:
    ZoneCoordinator.objects.filter(user_id=user.pk).delete()


def export_calendar_feed(user) -> dict | None:
    # That a private address exists and since when; the address itself is a secret.
    feed = CalendarFeed.objects.filter(user_id=user.pk).first()
    return {"created": iso(feed.created)} if feed else None


def erase_calendar_feed(user) -> None:
    CalendarFeed.objects.filter(user_id=user.pk).delete()


register(RSVP, "zones/rsvps", export=export_rsvps, erase=erase_rsvps)
register(Meetup, "zones/meetups_organised", export=export_meetups, erase=erase_organiser)
register(
    ZoneCoordinator, "zones/coordination", export=export_coordination, erase=erase_coordination
)
register(
    CalendarFeed, "zones/calendar_feed", export=export_calendar_feed, erase=erase_calendar_feed
)
