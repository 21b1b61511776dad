import pytest
from django.utils import timezone

from network.demo.site import seed
from network.models import Group, GroupKind, NetworkPage, Role
from zones.models import Meetup, Voivodeship, ZonePage
from zones.services.community import ZONES_NETWORK_SLUG

pytestmark = pytest.mark.django_db


def test_seed_makes_25_zones_in_all_voivodeships_with_coordinators_and_meetups_once(client):
    seed()
    seed()
    zones = ZonePage.objects.live().filter(locale__language_code="pl")
    assert zones.count() == 25
    assert set(zones.values_list("voivodeship", flat=True)) == set(Voivodeship.values)
    now = timezone.now()
    assert Meetup.objects.filter(end__lt=now).count() == 25
    assert Meetup.objects.filter(start__gt=now).count() == 25
    for zone in zones:
        coordinator = zone.coordinators.get().user
        assert zone.permissions_for_user(coordinator).can_edit()
    response = client.get("/pl/zones/")
    assert response.status_code == 200
    assert len(response.context["zones"]) == 25
    assert client.get(zones.get(slug="lodz").url).status_code == 200


def test_seed_translates_the_zones_and_gives_each_zone_one_community(client):
    seed()
    seed()
    for language, title in (("en", "Innovation Zone Łódź"), ("uk", "Зона інновацій Лодзь")):
        response = client.get(f"/{language}/zones/")
        assert response.status_code == 200
        zones = response.context["zones"]
        assert len(zones) == 25
        assert {zone.locale.language_code for zone in zones} == {language}
        lodz = next(zone for zone in zones if zone.slug == "lodz")
        assert lodz.title == title
        page = client.get(f"/{language}/zones/lodz/")
        # Meetups belong to the zone, so every language's page lists them.
        assert page.context["upcoming_meetups"]
        assert client.get(f"/{language}/calendar/zones/{lodz.pk}.ics").status_code == 200
    groups = Group.objects.filter(kind=GroupKind.ZONE)
    assert groups.count() == 25
    assert set(groups.values_list("parent__slug", flat=True)) == {ZONES_NETWORK_SLUG}
    for zone in ZonePage.objects.filter(slug="lodz"):
        assert zone.group.slug == "strefa-lodz"
    lodz = ZonePage.objects.get(slug="lodz", locale__language_code="pl")
    coordinator = lodz.coordinators.get().user
    assert lodz.group.memberships.get(user=coordinator).role == Role.ADMIN
    network_page = NetworkPage.objects.get(network__slug=ZONES_NETWORK_SLUG)
    html = client.get(network_page.url).content.decode()
    assert 'href="/pl/zones/"' in html
    assert "upcoming-meetups" in html
    # Coordinators who are LABIB members make LABIB's page list their meetups too.
    client.force_login(coordinator)
    assert "group-meetups-title" in client.get("/pl/networks/labib/").content.decode()
