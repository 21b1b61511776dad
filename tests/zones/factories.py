from datetime import timedelta

import factory
from django.utils import timezone

from zones.models import Meetup, Voivodeship, ZoneCoordinator, ZoneIndexPage, ZonePage
from zones.services.community import sync_zone_community


class ZonePageFactory(factory.Factory):
    """A live zone page under `parent` (a ZoneIndexPage): pages are added to the tree, not saved."""

    class Meta:
        model = ZonePage

    title = factory.Sequence(lambda n: f"Strefa Innowacji {n}")
    slug = factory.Sequence(lambda n: f"strefa-{n}")
    library_name = factory.Sequence(lambda n: f"Biblioteka Publiczna nr {n}")
    address = "ul. Koszykowa 26/28"
    postal_code = "00-553"
    city = "Warszawa"
    voivodeship = Voivodeship.MAZOWIECKIE
    latitude = 52.2297
    longitude = 21.0122

    @classmethod
    def _create(cls, model_class, *args, parent, coordinators=(), resources=(), **kwargs):
        page = model_class(
            *args, coordinators=[ZoneCoordinator(user=user) for user in coordinators], **kwargs
        )
        parent.add_child(instance=page)
        if resources:
            page.resources.add(*resources)
            page.save()
        return page


def make_zone_index(home) -> ZoneIndexPage:
    return home.add_child(instance=ZoneIndexPage(title="Strefy Innowacji", slug="zones"))


class MeetupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meetup

    title = factory.Sequence(lambda n: f"Spotkanie {n}")
    description = "Rozmawiamy o tym, czego potrzebuje okolica."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda meetup: meetup.start + timedelta(hours=2))
    capacity = 10


def seed_zone_pages(home) -> Meetup:
    """A small zone tree for browser tests: /zones/, two zones and an upcoming meetup; the
    Warsaw zone has its community (/networks/strefy-innowacji/groups/strefa-warszawa/)."""
    index = make_zone_index(home)
    ZonePageFactory(
        parent=index,
        title="Strefa Innowacji Kraków",
        slug="krakow",
        city="Kraków",
        voivodeship=Voivodeship.MALOPOLSKIE,
        latitude=50.0647,
        longitude=19.945,
        resources=["drukarka 3D"],
    )
    zone = ZonePageFactory(
        parent=index,
        title="Strefa Innowacji Warszawa",
        slug="warszawa",
        resources=["gogle VR"],
        opening_hours="pon.-pt. 10:00-19:00",
    )
    sync_zone_community(zone=zone)
    return MeetupFactory(zone=zone, title="Kawa z innowacją")
