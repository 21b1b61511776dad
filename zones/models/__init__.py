from zones.models.meetups import RSVP, CalendarFeed, Meetup, RSVPStatus
from zones.models.pages import ZoneCoordinator, ZoneIndexPage, ZonePage, ZoneResourceTag
from zones.models.voivodeships import Voivodeship

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
