from members.models import Voivodeship
from zones.models.meetups import RSVP, CalendarFeed, Meetup, RSVPStatus
from zones.models.pages import ZoneCoordinator, ZoneIndexPage, ZonePage, ZoneResourceTag

__all__ = [
    "RSVP",
    "CalendarFeed",
    "Meetup",
    "RSVPStatus",
    "Voivodeship",
    "ZoneCoordinator",
    "ZoneIndexPage",
    "ZonePage",
    "ZoneResourceTag",
]
