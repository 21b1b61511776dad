import pytest
from django.utils import timezone

from network.demo import seed
from zones.models import Meetup, Voivodeship, ZonePage

pytestmark = pytest.mark.django_db


def test_seed_makes_25_zones_in_all_voivodeships_with_coordinators_and_meetups_once(client):
    seed()
    seed()
    zones = ZonePage.objects.live()
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
